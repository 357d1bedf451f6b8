using HomeFilter.Rules.Lists;

namespace HomeFilter.Resolver.Reload.Sources;

/// <summary>Counts the entries a list file parses to, for the shrink guard: opened and read as the rules load it.</summary>
internal static class ListEntryCounter
{
    public static int Count(string path, bool gzip, CancellationToken ct)
    {
        using var text = new RuleSource(path, 0, () => File.OpenRead(path), gzip: gzip).OpenText();
        var reader = new ListReader(text);
        var lines = 0;
        while (reader.Read())
        {
            if ((++lines & 0xFFFF) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }
        }

        return reader.Report.Entries;
    }
}
