using System.Text;
using HomeFilter.Rules.Lists;
using HomeFilter.Rules.Names;
using HomeFilter.Rules.Trie;

namespace HomeFilter.Fuzz.Targets;

/// <summary>
/// A blocklist file in any of the formats (<see cref="ListFormat"/>: auto, hosts, domains, wildcard, adblock), read
/// as the loader reads it: <see cref="ListReader"/> entries, a trie built from them, and the essential-name check.
/// </summary>
/// <remarks>
/// Input: a control byte, then the file's bytes (UTF-8 unless a byte order mark says otherwise, as
/// <see cref="RuleSource.OpenText"/> decodes). Control: the low three bits pick the format (modulo 5), the rest the category.
/// </remarks>
internal static class ListTarget
{
    public static void Run(byte[] input)
    {
        if (input.Length < 1)
        {
            return;
        }

        var format = (ListFormat)(input[0] % 5);
        var category = (input[0] >> 3) % 64;
        var file = input.AsMemory(1);

        var entries = new List<ListEntry>(ListParser.Parse(Open(file), format, out var report));
        FuzzFailure.Unless(report.Entries == entries.Count, $"report says {report.Entries} entries, the reader gave {entries.Count}");
        var anyAllow = false;
        foreach (var entry in entries)
        {
            FuzzFailure.Unless(DomainName.Validate(entry.Name) == DomainNameError.None, $"entry '{entry.Name}' is not a normalised name");
            FuzzFailure.Unless(entry.LineNumber >= 1 && entry.LineNumber <= report.Lines, $"entry line {entry.LineNumber} of {report.Lines}");
            anyAllow |= entry.Action == RuleAction.Allow;
        }

        var builder = new CategoryTrieBuilder();
        var added = ListParser.AddTo(Open(file), format, builder, category);
        FuzzFailure.Unless(added.Entries == report.Entries, "a second read of the same file gave other entries");
        var trie = builder.Build();
        foreach (var entry in entries)
        {
            var match = trie.Match(entry.Name);
            if (!anyAllow && entry.Action == RuleAction.Block && entry.Scope == MatchScope.Subtree)
            {
                FuzzFailure.Unless(match.HasCategory(category), $"blocked entry '{entry.Name}' does not match in the trie");
            }
        }

        // The essential-names file has the same one-name-a-line shape.
        var essential = EssentialNames.From(Encoding.UTF8.GetString(file.Span).Split('\n'), out _);
        foreach (var entry in entries)
        {
            _ = essential.WouldBlock(entry.Name, entry.Scope);
        }

        _ = report.ToString();
    }

    private static StreamReader Open(ReadOnlyMemory<byte> bytes) =>
        new(new MemoryStream(bytes.ToArray()), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
}
