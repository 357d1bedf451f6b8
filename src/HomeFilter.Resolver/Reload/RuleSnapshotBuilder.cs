using HomeFilter.Resolver.LocalData;
using HomeFilter.Resolver.Reload.Compiled;
using HomeFilter.Resolver.Upstream;
using HomeFilter.Rules.Lists;
using HomeFilter.Rules.Lists.Catalog;
using HomeFilter.Rules.Policy;
using HomeFilter.Rules.Policy.Document;
using Microsoft.Extensions.Logging;

namespace HomeFilter.Resolver.Reload;

/// <summary>
/// Builds a <see cref="RuleSnapshot"/> from a validated policy document: resolves every category source to a
/// readable file (downloading URLs through <see cref="ListFetch"/>), adds the bundled bypass lists, builds the
/// category trie, compiles the policy, local records and forward zones.
/// </summary>
internal sealed class RuleSnapshotBuilder(PolicyOptions options, UpstreamOptions upstreamTemplate, ILogger<UpstreamSet> upstreamLogger)
{
    /// <summary>Downloads a URL list; returns its local copy (or an error). Null (checking a policy offline): URL and catalog sources are skipped with a warning.</summary>
    public Func<string, CancellationToken, Task<ListFetchResult>>? ListFetch { get; init; }

    /// <summary>The catalog a source may name by id; read once from beside the bundled lists.</summary>
    public ListCatalog Catalog => _catalog.Value.Catalog;

    private readonly Lazy<BundledCatalog> _catalog = new(() => BundledCatalog.Load(options.BundledListsPath));

    /// <summary>The compiled rules file; null: every build parses the lists.</summary>
    public RuleFileStore? RulesFile { get; init; }

    public Task<RuleSnapshotBuild> BuildAsync(long generation, PolicyDocument document, string? policyPath, CancellationToken cancellationToken) =>
        BuildAsync(generation, document, policyPath, useRulesFile: false, cancellationToken);

    /// <summary>With <paramref name="useRulesFile"/>, the lists come from (and go to) <see cref="RulesFile"/>; see <see cref="RuleFileStore"/>.</summary>
    public async Task<RuleSnapshotBuild> BuildAsync(long generation, PolicyDocument document, string? policyPath, bool useRulesFile, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        var warnings = new List<string>();
        if (_catalog.Value.Error is { } catalogError)
        {
            warnings.Add(catalogError);
        }

        var categories = new List<string>(document.Categories.Keys);
        if (!document.Categories.ContainsKey(PolicyCompiler.BypassCategory))
        {
            categories.Add(PolicyCompiler.BypassCategory);
        }

        if (categories.Count > 64)
        {
            throw new InvalidDataException($"{categories.Count} categories: at most 63 besides '{PolicyCompiler.BypassCategory}'");
        }

        var baseDirectory = policyPath is null ? null : Path.GetDirectoryName(policyPath);
        var rulesFile = useRulesFile ? RulesFile : null;
        var sources = new List<RuleSource>();
        var paths = new List<string>();
        var missing = rulesFile is null ? null : new List<string>();
        for (var bit = 0; bit < categories.Count; bit++)
        {
            var category = categories[bit];
            if (document.Categories.TryGetValue(category, out var definition))
            {
                foreach (var source in definition.Sources)
                {
                    if (await ResolveAsync(source, category, bit, baseDirectory, warnings, paths, missing, cancellationToken).ConfigureAwait(false) is { } resolved)
                    {
                        sources.Add(resolved);
                    }
                }
            }

            if (category == PolicyCompiler.BypassCategory)
            {
                foreach (var path in BundledRules.BypassListPaths(options.BundledListsPath))
                {
                    sources.Add(BundledRules.Source(path, bit));
                    paths.Add(path);
                }
            }
        }

        var (lists, fromFile) = await LoadListsAsync(rulesFile, RuleFileKeys.Policy(document, categories, options.BundledListsPath), sources, paths, missing, warnings, cancellationToken).ConfigureAwait(false);
        var builtIns = BundledRules.Load(options.BundledListsPath, warnings);
        var policy = PolicyCompiler.Compile(document, lists.Trie, categories, builtIns);
        var local = LocalRecordSet.Build(document.Local);
        var forward = ForwardZoneSet.Build(document.Forward, upstreamTemplate, upstreamLogger);
        return new RuleSnapshotBuild(new RuleSnapshot(generation, policy, lists.Lists.Select(static l => l.Source).ToArray(), local, forward, policyPath), lists, warnings, fromFile);
    }

    /// <summary>Parses the lists, or takes them from the rules file; with a list missing, the file compiled for this policy stands in.</summary>
    private static async Task<(RuleSetLoadResult Lists, bool FromFile)> LoadListsAsync(
        RuleFileStore? rulesFile, string policyKey, List<RuleSource> sources, List<string> paths, List<string>? missing, List<string> warnings, CancellationToken cancellationToken)
    {
        if (rulesFile is null)
        {
            return (await Task.Run(() => RuleSetLoader.Load(sources), cancellationToken).ConfigureAwait(false), false);
        }

        if (missing is { Count: > 0 })
        {
            var stored = await Task.Run(() => rulesFile.LoadForMissingLists(policyKey), cancellationToken).ConfigureAwait(false)
                ?? throw new IOException(missing[0]);
            foreach (var problem in missing)
            {
                warnings.Add($"{problem}: filtering with the rules compiled from it earlier ({rulesFile.Path}) until it is back");
            }

            return (stored, true);
        }

        return await Task.Run(() => rulesFile.LoadOrBuild(policyKey, sources, paths, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    private async Task<RuleSource?> ResolveAsync(
        string source, string category, int bit, string? baseDirectory, List<string> warnings, List<string> paths, List<string>? missing, CancellationToken cancellationToken)
    {
        // A catalog id names a public list by its entry; the id stays the source's name, the entry says where to fetch it.
        var url = ListCatalog.IsId(source) && Catalog.TryGet(source, out var entry) ? entry.Url : null;
        if (url is not null || (Uri.TryCreate(source, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
        {
            url ??= source;
            if (ListFetch is null)
            {
                // Checking a policy offline: the list is downloaded when HomeFilter starts, not here.
                warnings.Add($"list '{source}' of category '{category}' is downloaded when HomeFilter runs; not checked here");
                return null;
            }

            var fetched = await ListFetch(url, cancellationToken).ConfigureAwait(false);
            if (fetched.LocalPath is null)
            {
                throw new IOException($"list '{source}' of category '{category}' could not be downloaded ({fetched.Error}) and there is no earlier copy");
            }

            if (fetched.Error is not null)
            {
                warnings.Add($"list '{source}' of category '{category}': {fetched.Error}; using the copy from {fetched.LastSuccessUtc:u}");
            }

            var path = fetched.LocalPath;
            paths.Add(path);
            return new RuleSource(source, bit, () => File.OpenRead(path), gzip: fetched.Gzip);
        }

        var full = FindFile(source, baseDirectory);
        if (full is null)
        {
            var problem = ListCatalog.IsId(source)
                ? $"list '{source}' of category '{category}' is neither a catalog id (blocklists/catalog.json) nor a file{Searched(source, baseDirectory)}"
                : $"list '{source}' of category '{category}' does not exist{Searched(source, baseDirectory)}";
            return missing is null ? throw new IOException(problem) : Missing(missing, problem);
        }

        paths.Add(full);
        return new RuleSource(full, bit, () => File.OpenRead(full), gzip: full.EndsWith(".gz", StringComparison.OrdinalIgnoreCase));
    }

    private static RuleSource? Missing(List<string> missing, string problem)
    {
        missing.Add(problem);
        return null;
    }

    /// <summary>Where a relative path was looked for, so the message says which folders to put the file in.</summary>
    private static string Searched(string path, string? baseDirectory) => Path.IsPathRooted(path)
        ? ""
        : $" (looked in {(baseDirectory is null ? "" : baseDirectory + ", ")}{Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)} and {Directory.GetCurrentDirectory()})";

    /// <summary>A relative list path is looked for beside the policy file, then beside the program, then in the working directory.</summary>
    private static string? FindFile(string path, string? baseDirectory)
    {
        if (Path.IsPathRooted(path))
        {
            return File.Exists(path) ? path : null;
        }

        foreach (var folder in new[] { baseDirectory, AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            if (folder is null)
            {
                continue;
            }

            var candidate = Path.GetFullPath(path, folder);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

/// <summary>A built snapshot with what the lists said and what was missing.</summary>
internal sealed record RuleSnapshotBuild(RuleSnapshot Snapshot, RuleSetLoadResult Lists, IReadOnlyList<string> Warnings, bool FromRulesFile = false);

/// <summary>The local copy of a downloaded list (null path: none), and the error of this attempt if it failed.</summary>
public sealed record ListFetchResult(string? LocalPath, bool Gzip, string? Error, DateTime? LastSuccessUtc);
