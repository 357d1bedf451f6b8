using HomeFilter.Rules.Lists;
using HomeFilter.Rules.Policy;

namespace HomeFilter.Resolver.Reload;

/// <summary>
/// The lists HomeFilter ships in <c>blocklists/</c>: the <c>bypass</c> category (public DoH/DoT resolvers, VPN and
/// proxy services), the bypass signal names answered NXDOMAIN, and the safe-search mapping. A missing file leaves
/// that part empty (with a warning from the caller), it never stops the filter.
/// </summary>
internal static class BundledRules
{
    public const string SignalsFile = "bypass/signals.txt";
    public const string SafeSearchFile = "safesearch.txt";
    public const string EssentialFile = "essential.txt";
    private static readonly string[] BypassLists = ["bypass/doh-resolvers.txt", "bypass/vpn-proxy.txt"];

    /// <summary>The bypass category's bundled list files that exist.</summary>
    public static IEnumerable<string> BypassListPaths(string folder)
    {
        foreach (var list in BypassLists)
        {
            var path = Path.Combine(folder, list);
            if (File.Exists(path))
            {
                yield return path;
            }
        }
    }

    /// <summary>Reads the signal names and the safe-search mapping; <paramref name="problems"/> says what was missing or skipped.</summary>
    public static BuiltInRules Load(string folder, List<string> problems)
    {
        var signals = new List<string>();
        var signalsPath = Path.Combine(folder, SignalsFile);
        if (File.Exists(signalsPath))
        {
            foreach (var line in File.ReadLines(signalsPath))
            {
                var text = line.Trim();
                if (text.Length > 0 && text[0] != '#' && text[0] != '!')
                {
                    signals.Add(text);
                }
            }
        }
        else
        {
            problems.Add($"{signalsPath} is missing: the DoH canary and iCloud Private Relay are not answered NXDOMAIN");
        }

        var (targets, names) = SafeSearchData.Load(Path.Combine(folder, SafeSearchFile), problems);
        return new BuiltInRules(targets, names, signals);
    }

    /// <summary>
    /// The names no list may block: <c>essential.txt</c> plus the policy's own allow names. A missing file turns the
    /// guard off (reported in <paramref name="problems"/>); it never stops the filter.
    /// </summary>
    public static EssentialNames LoadEssential(string folder, IReadOnlyList<string> policyAllow, List<string> problems)
    {
        var path = Path.Combine(folder, EssentialFile);
        if (!File.Exists(path))
        {
            problems.Add($"{path} is missing: list entries that would block search engines, connectivity checks, time or school platforms are not held back");
            return EssentialNames.None;
        }

        var names = new List<string>(policyAllow);
        foreach (var line in File.ReadLines(path))
        {
            var text = line.Trim();
            if (text.Length > 0 && text[0] != '#' && text[0] != '!')
            {
                names.Add(text);
            }
        }

        var essential = EssentialNames.From(names, out var invalid);
        if (invalid > 0)
        {
            problems.Add($"{path}: {invalid} names are not valid domain names and were left out");
        }

        return essential;
    }

    /// <summary>A bundled list as a rule source of category <paramref name="bit"/>.</summary>
    public static RuleSource Source(string path, int bit) => new(path, bit, () => File.OpenRead(path));
}
