using System.IO.Compression;
using System.Text;
using HomeFilter.Rules.Lists;

namespace HomeFilter.Resolver.Reload.Sources;

/// <summary>Counts the entries a list file parses to, for the shrink guard: the same reader the rules load with.</summary>
internal static class ListEntryCounter
{
    public static int Count(string path, bool gzip, CancellationToken ct)
    {
        using var file = File.OpenRead(path);
        using var stream = gzip ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
        using var text = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024);
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
