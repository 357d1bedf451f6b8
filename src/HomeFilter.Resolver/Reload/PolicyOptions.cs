namespace HomeFilter.Resolver.Reload;

/// <summary>Where the policy comes from, bound from <c>HomeFilter:Policy</c>.</summary>
public sealed class PolicyOptions
{
    public const string Section = "HomeFilter:Policy";

    /// <summary>The policy document. Unset: <c>policy.json</c> in the data directory (written by the admin API), and
    /// when that does not exist either, the lists of <c>HomeFilter:Blocklists</c> blocked for every client.</summary>
    public string? File { get; set; }

    /// <summary>Reload when the policy file changes on disk.</summary>
    public bool Watch { get; set; } = true;

    /// <summary>The folder of bundled lists (bypass lists, safe-search mapping); default <c>blocklists</c> beside the program.</summary>
    public string? BundledLists { get; set; }

    /// <summary>Keep the compiled lists in <c>rules.bin</c> in the data directory, so a start with unchanged lists parses none.</summary>
    public bool RulesFile { get; set; } = true;

    /// <summary>Where a trie read from <c>rules.bin</c> lives: <c>Native</c> (one block, the default), <c>Pinned</c> or <c>Mapped</c>.</summary>
    public HomeFilter.Rules.Trie.Memory.TrieMemoryKind RulesFileMemory { get; set; } = HomeFilter.Rules.Trie.Memory.TrieMemoryKind.Native;

    /// <summary>The compiled rules file, or null when there is none (turned off, or no data directory).</summary>
    public string? RulesFilePath => RulesFile && !string.IsNullOrWhiteSpace(DataDirectory) ? Path.Combine(Path.GetFullPath(DataDirectory), "rules.bin") : null;

    /// <summary>On a branch network, this resolver's branch (<c>HomeFilter:Branch:Id</c>, set by the host): it compiles the
    /// document's network-wide part plus only this branch's part. Null: a single site (the network-wide part).</summary>
    public string? Branch { get; set; }

    /// <summary>The data directory (set by the host).</summary>
    public string? DataDirectory { get; set; }

    /// <summary>The policy file in force: <see cref="File"/>, else <c>policy.json</c> in the data directory.</summary>
    public string ActivePath => !string.IsNullOrWhiteSpace(File)
        ? Path.GetFullPath(File)
        : Path.Combine(Path.GetFullPath(DataDirectory ?? "data"), "policy.json");

    /// <summary>The bundled lists folder.</summary>
    public string BundledListsPath => Path.GetFullPath(string.IsNullOrWhiteSpace(BundledLists) ? Path.Combine(AppContext.BaseDirectory, "blocklists") : BundledLists);
}
