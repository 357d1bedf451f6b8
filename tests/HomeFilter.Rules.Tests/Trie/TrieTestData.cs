using HomeFilter.Rules.Trie;

namespace HomeFilter.Rules.Tests.Trie;

/// <summary>Helpers shared by the trie tests.</summary>
internal static class TrieTestData
{
    public static CategoryTrie Build(params (string Name, RuleValue Value)[] entries)
    {
        var builder = new CategoryTrieBuilder();
        foreach (var (name, value) in entries)
        {
            builder.Add(name, value);
        }

        return builder.Build();
    }

    /// <summary>Encodes a dotted name as uncompressed DNS wire format, keeping its case.</summary>
    public static byte[] ToWire(string name)
    {
        var trimmed = name.TrimEnd('.');
        var bytes = new List<byte>();
        if (trimmed.Length > 0)
        {
            foreach (var label in trimmed.Split('.'))
            {
                bytes.Add((byte)label.Length);
                foreach (var c in label)
                {
                    bytes.Add((byte)c);
                }
            }
        }

        bytes.Add(0);
        return [.. bytes];
    }
}
