using System.Security.Cryptography;
using System.Text;
using HomeFilter.Rules.Names;
using HomeFilter.Rules.Trie;

namespace HomeFilter.Rules.Lists;

/// <summary>
/// Names whose blocking breaks devices, search or school work (search engines, connectivity checks, time, updates,
/// school platforms, the policy's own allow list). A list entry that would block one of them is held back: it is not
/// added to the trie, and the list's <see cref="ParseReport"/> names it with its line number.
/// </summary>
/// <remarks>
/// Two hash sets are built once: the essential names themselves and every parent suffix of them
/// (<c>classroom.google.com</c> gives <c>google.com</c> and <c>com</c>). Checking an entry is then one lookup by span,
/// with no allocation, because it runs for every entry of every list at each load.
/// </remarks>
public sealed class EssentialNames
{
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _exact;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _covering;

    private EssentialNames(HashSet<string> exact, HashSet<string> covering)
    {
        _exact = exact.GetAlternateLookup<ReadOnlySpan<char>>();
        _covering = covering.GetAlternateLookup<ReadOnlySpan<char>>();
        Count = exact.Count;
        Fingerprint = FingerprintOf(exact);
    }

    /// <summary>No essential names: nothing is ever held back.</summary>
    public static EssentialNames None { get; } = new([], []);

    /// <summary>How many essential names there are.</summary>
    public int Count { get; }

    /// <summary>
    /// The SHA-256 (hex) of the normalised names in ordinal order: equal for two sets that hold back the same entries,
    /// whatever order, case or comments the files they came from had.
    /// </summary>
    public string Fingerprint { get; }

    /// <summary>
    /// Builds the sets from <paramref name="names"/>. Each name is normalised as list entries are; an invalid one is
    /// left out and counted in <paramref name="invalid"/>, it never stops the rest.
    /// </summary>
    public static EssentialNames From(IEnumerable<string> names, out int invalid)
    {
        ArgumentNullException.ThrowIfNull(names);
        invalid = 0;
        var exact = new HashSet<string>(StringComparer.Ordinal);
        var covering = new HashSet<string>(StringComparer.Ordinal);
        Span<char> buffer = stackalloc char[DomainName.MaxNameLength];
        foreach (var name in names)
        {
            if (name is null || DomainName.TryNormalize(name, buffer, out var length) != DomainNameError.None)
            {
                invalid++;
                continue;
            }

            var normalized = new string(buffer[..length]);
            exact.Add(normalized);

            // The name and each of its parents: an entry equal to any of them covers the essential name.
            var suffix = normalized.AsSpan();
            while (true)
            {
                covering.Add(suffix.ToString());
                var dot = suffix.IndexOf('.');
                if (dot < 0)
                {
                    break;
                }

                suffix = suffix[(dot + 1)..];
            }
        }

        return new EssentialNames(exact, covering);
    }

    private static string FingerprintOf(HashSet<string> names)
    {
        var sorted = new List<string>(names);
        sorted.Sort(StringComparer.Ordinal);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', sorted))));
    }

    /// <summary>
    /// True when a block entry for <paramref name="normalizedName"/> with <paramref name="scope"/> would block an
    /// essential name: it is one, or (covering its subdomains) a parent of one.
    /// </summary>
    public bool WouldBlock(ReadOnlySpan<char> normalizedName, MatchScope scope) =>
        Count > 0 && (scope == MatchScope.Subtree ? _covering.Contains(normalizedName) : _exact.Contains(normalizedName));
}
