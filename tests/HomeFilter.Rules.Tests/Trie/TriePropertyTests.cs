using CsCheck;
using HomeFilter.Rules.Trie;

namespace HomeFilter.Rules.Tests.Trie;

/// <summary>The trie answers exactly what a naive suffix walk over a dictionary answers.</summary>
public class TriePropertyTests
{
    private static readonly Gen<string> Label = Gen.OneOf("a", "b", "c", "www", "x-y", "_s", "com", "long-label-here");

    private static readonly Gen<string> Name = Gen.Select(
        Gen.OneOf("com", "net", "a", "uk"),
        Label.Array[0, 4],
        (tld, labels) => labels.Length == 0 ? tld : string.Join('.', labels) + "." + tld);

    private static readonly Gen<RuleValue> Value = Gen.Select(Gen.Int[0, 5], Gen.OneOf(0, 1, 2, 5, 63), (kind, category) => kind switch
    {
        0 or 1 => RuleValue.Block(category),
        2 => RuleValue.BlockExact(category),
        3 => RuleValue.AllowSubtree,
        4 => RuleValue.AllowExactName,
        _ => RuleValue.Block(category).Merge(RuleValue.AllowExactName),
    });

    private static readonly Gen<(string Name, RuleValue Value)> Entry = Gen.Select(
        Gen.Frequency<string>((20, Name), (1, Gen.Const(string.Empty))),
        Value,
        (name, value) => (name, value));

    private static readonly Gen<string> Query = Gen.Select(
        Name,
        Label.Array[0, 2],
        Gen.Int[0, int.MaxValue],
        (name, extra, caseSeed) => MixCase(extra.Length == 0 ? name : string.Join('.', extra) + "." + name, caseSeed));

    [Fact]
    public void Trie_agrees_with_a_naive_suffix_walk()
    {
        Gen.Select(Entry.Array[0, 60], Query.Array[1, 40]).Sample(
            (entries, queries) =>
            {
                var builder = new CategoryTrieBuilder();
                var model = new Dictionary<string, RuleValue>(StringComparer.Ordinal);
                foreach (var (name, value) in entries)
                {
                    builder.Add(name, value);
                    model[name] = model.TryGetValue(name, out var old) ? old.Merge(value) : value;
                }

                var trie = builder.Build();
                foreach (var query in queries)
                {
                    var (mask, allowed) = NaiveMatch(model, query.ToLowerInvariant());
                    var match = trie.Match(query);
                    if (match.CategoryMask != mask || match.AllowMatched != allowed)
                    {
                        return false;
                    }

                    if (trie.Match(TrieTestData.ToWire(query)) != match)
                    {
                        return false;
                    }
                }

                return true;
            },
            iter: 2000);
    }

    private static (ulong Mask, bool Allowed) NaiveMatch(Dictionary<string, RuleValue> model, string query)
    {
        ulong mask = 0;
        var allowed = false;
        var labels = query.Split('.');
        for (var depth = 0; depth <= labels.Length; depth++)
        {
            var suffix = string.Join('.', labels[(labels.Length - depth)..]);
            if (!model.TryGetValue(suffix, out var value))
            {
                continue;
            }

            var whole = depth == labels.Length;
            if (value.Allow || (whole && value.ExactAllow))
            {
                mask = 0;
                allowed = true;
                continue;
            }

            var add = value.BlockMask | (whole ? value.ExactBlockMask : 0);
            if (add != 0)
            {
                mask |= add;
                allowed = false;
            }
        }

        return (mask, allowed);
    }

    private static string MixCase(string name, int seed)
    {
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (((seed >> (i % 31)) & 1) == 1)
            {
                chars[i] = char.ToUpperInvariant(chars[i]);
            }
        }

        return new string(chars);
    }
}
