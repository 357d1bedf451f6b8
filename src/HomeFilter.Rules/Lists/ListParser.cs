using HomeFilter.Rules.Trie;

namespace HomeFilter.Rules.Lists;

/// <summary>Convenience entry points over <see cref="ListReader"/>.</summary>
public static class ListParser
{
    /// <summary>Streams the entries of a list as values; <paramref name="report"/> is the reader's report.</summary>
    public static IEnumerable<ListEntry> Parse(TextReader reader, ListFormat format, out ParseReport report)
    {
        var listReader = new ListReader(reader, format);
        report = listReader.Report;
        return Enumerate(listReader);
    }

    /// <summary>
    /// Reads a whole list into <paramref name="builder"/> as <paramref name="category"/> and returns the
    /// report, with duplicates counted from what the builder already held.
    /// </summary>
    public static ParseReport AddTo(TextReader reader, ListFormat format, CategoryTrieBuilder builder, int category)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var listReader = new ListReader(reader, format);
        while (listReader.Read())
        {
            var value = RuleValue.For(listReader.Action, listReader.Scope, category);
            if (builder.Add(listReader.Name, value) == AddResult.Duplicate)
            {
                listReader.Report.CountDuplicate();
            }
        }

        return listReader.Report;
    }

    private static IEnumerable<ListEntry> Enumerate(ListReader reader)
    {
        while (reader.Read())
        {
            yield return reader.Current;
        }
    }
}
