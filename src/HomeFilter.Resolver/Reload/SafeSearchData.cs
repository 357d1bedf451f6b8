namespace HomeFilter.Resolver.Reload;

/// <summary>Reads the bundled safe-search mapping (<c>blocklists/safesearch.txt</c>).</summary>
internal static class SafeSearchData
{
    public static (IReadOnlyList<string> Targets, IReadOnlyList<KeyValuePair<string, int>> Names) Load(string path, List<string> problems)
    {
        if (!File.Exists(path))
        {
            problems.Add($"{path} is missing: safe search cannot be enforced");
            return ([], []);
        }

        using var reader = File.OpenText(path);
        var map = HomeFilter.Rules.Policy.SafeSearch.SafeSearchMapReader.Read(reader, out var errors);
        foreach (var error in errors)
        {
            problems.Add($"{path}: {error}");
        }

        var names = new List<KeyValuePair<string, int>>(map.Entries.Count);
        foreach (var entry in map.Entries)
        {
            names.Add(new KeyValuePair<string, int>(entry.Name, entry.TargetIndex));
        }

        return (map.Targets, names);
    }
}
