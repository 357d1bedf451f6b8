using HomeFilter.Resolver.LocalData;
using HomeFilter.Resolver.Reload.Compiled;
using HomeFilter.Resolver.Reload.Sources;
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

    /// <summary>How a category with no list loaded is answered (<c>HomeFilter:Lists:WhenCategoryHasNoList</c>).</summary>
    public WhenCategoryHasNoList WhenNoList { get; init; }

    /// <param name="generation">The new snapshot's generation.</param>
    /// <param name="document">The validated policy.</param>
    /// <param name="policyPath">The policy file, whose folder relative list paths start from.</param>
    /// <param name="cancellationToken">Cancels the build.</param>
    /// <param name="useRulesFile">The lists come from (and go to) <see cref="RulesFile"/>; see <see cref="RuleFileStore"/>.</param>
    /// <param name="strictFor">
    /// Null (start, reload, refresh): a download with no copy is left out with a warning. Otherwise (an import or a
    /// validation, where a person reads the answer): such a download is an error, unless it is one of these sources,
    /// already missing from the snapshot in force, so an edit that does not touch the lists is not refused for them.
    /// </param>
    public async Task<RuleSnapshotBuild> BuildAsync(
        long generation, PolicyDocument document, string? policyPath, CancellationToken cancellationToken, bool useRulesFile = false, IReadOnlyList<MissingListSource>? strictFor = null)
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
        var absentFiles = rulesFile is null ? null : new List<string>();
        var missing = new List<MissingListSource>();
        ulong missingCategories = 0;
        for (var bit = 0; bit < categories.Count; bit++)
        {
            var category = categories[bit];
            if (document.Categories.TryGetValue(category, out var definition))
            {
                var loaded = 0;
                foreach (var source in definition.Sources)
                {
                    var url = DownloadUrl(source);
                    if (ListFetch is null && url is not null)
                    {
                        // Checking a policy offline: the list is downloaded when HomeFilter starts, not here.
                        warnings.Add($"list '{source}' of category '{category}' is downloaded when HomeFilter runs; not checked here");
                        loaded++;
                        continue;
                    }

                    if (await ResolveAsync(source, url, category, bit, baseDirectory, warnings, paths, absentFiles, strictFor, cancellationToken).ConfigureAwait(false) is { } resolved)
                    {
                        sources.Add(resolved);
                        loaded++;
                    }
                    else if (url is not null)
                    {
                        missing.Add(new MissingListSource(source, bit));
                    }
                    else
                    {
                        // A list file that is gone, stood in for by the rules file: its rules are still in force.
                        loaded++;
                    }
                }

                // A category whose every list is a download with no copy yet blocks nothing until one arrives.
                if (definition.Sources.Count > 0 && loaded == 0)
                {
                    missingCategories |= 1UL << bit;
                    warnings.Add($"category '{category}' has no list loaded yet: {WhenNoListText(WhenNoList)}");
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

        var essential = BundledRules.LoadEssential(options.BundledListsPath, document.Allow, warnings);
        var policyKey = RuleFileKeys.Policy(document, categories, options.BundledListsPath, essential);
        var (lists, fromFile) = await LoadListsAsync(rulesFile, policyKey, sources, paths, absentFiles, essential, warnings, cancellationToken).ConfigureAwait(false);
        var builtIns = BundledRules.Load(options.BundledListsPath, warnings);
        var policy = PolicyCompiler.Compile(document, lists.Trie, categories, builtIns);
        var local = LocalRecordSet.Build(document.Local);
        var forward = ForwardZoneSet.Build(document.Forward, upstreamTemplate, upstreamLogger);
        return new RuleSnapshotBuild(new RuleSnapshot(generation, policy, lists.Lists.Select(static l => l.Source).ToArray(), local, forward, policyPath)
        {
            MissingSources = missing,
            MissingCategories = missingCategories,
            RefuseMissingCategories = WhenNoList == WhenCategoryHasNoList.Refuse,
        }, lists, warnings, fromFile);
    }

    private static string WhenNoListText(WhenCategoryHasNoList mode) => mode == WhenCategoryHasNoList.Refuse
        ? "clients whose rules block it are answered REFUSED until a list loads (HomeFilter:Lists:WhenCategoryHasNoList=refuse)"
        : "its names are answered as usual until a list loads (HomeFilter:Lists:WhenCategoryHasNoList=answer)";

    /// <summary>Parses the lists, or takes them from the rules file; with a list file missing, the file compiled for this policy stands in.</summary>
    private static async Task<(RuleSetLoadResult Lists, bool FromFile)> LoadListsAsync(
        RuleFileStore? rulesFile, string policyKey, List<RuleSource> sources, List<string> paths, List<string>? absentFiles, EssentialNames essential, List<string> warnings, CancellationToken cancellationToken)
    {
        if (rulesFile is null)
        {
            return (await Task.Run(() => RuleSetLoader.Load(sources, essential: essential), cancellationToken).ConfigureAwait(false), false);
        }

        if (absentFiles is { Count: > 0 })
        {
            var stored = await Task.Run(() => rulesFile.LoadForMissingLists(policyKey), cancellationToken).ConfigureAwait(false)
                ?? throw new IOException(absentFiles[0]);
            foreach (var problem in absentFiles)
            {
                warnings.Add($"{problem}: filtering with the rules compiled from it earlier ({rulesFile.Path}) until it is back");
            }

            return (stored, true);
        }

        return await Task.Run(() => rulesFile.LoadOrBuild(policyKey, sources, paths, essential, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Where a downloaded source comes from: its own http(s) URL, or the catalog entry a catalog id names (the id stays
    /// the source's name); null for a file.
    /// </summary>
    public string? DownloadUrl(string source)
    {
        if (ListCatalog.IsId(source) && Catalog.TryGet(source, out var entry))
        {
            return entry.Url;
        }

        return ListSource.IsUrl(source) ? source : null;
    }

    /// <summary>
    /// A source (downloaded from <paramref name="url"/> when it has one) as a readable list, or null: a download that failed with no earlier copy is left out (with a warning)
    /// rather than stopping the load, so one unreachable host never takes the filter down; a list file that is gone is
    /// added to <paramref name="absentFiles"/> when the rules file can stand in for it (null: it is an error).
    /// </summary>
    private async Task<RuleSource?> ResolveAsync(
        string source,
        string? url,
        string category,
        int bit,
        string? baseDirectory,
        List<string> warnings,
        List<string> paths,
        List<string>? absentFiles,
        IReadOnlyList<MissingListSource>? strictFor,
        CancellationToken cancellationToken)
    {
        if (url is not null && ListFetch is not null)
        {
            var fetched = await ListFetch(url, cancellationToken).ConfigureAwait(false);
            if (fetched.LocalPath is null)
            {
                if (strictFor is not null && !IsListed(strictFor, source))
                {
                    throw new IOException($"list '{source}' of category '{category}' could not be downloaded ({fetched.Error}) and there is no earlier copy");
                }

                warnings.Add($"list '{source}' of category '{category}' could not be downloaded ({fetched.Error}) and there is no earlier copy; it is left out until a download succeeds");
                return null;
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
            return absentFiles is null ? throw new IOException(problem) : Absent(absentFiles, problem);
        }

        paths.Add(full);
        return new RuleSource(full, bit, () => File.OpenRead(full), gzip: full.EndsWith(".gz", StringComparison.OrdinalIgnoreCase));
    }

    private static RuleSource? Absent(List<string> absentFiles, string problem)
    {
        absentFiles.Add(problem);
        return null;
    }

    private static bool IsListed(IReadOnlyList<MissingListSource> missing, string source)
    {
        foreach (var item in missing)
        {
            if (item.Source == source)
            {
                return true;
            }
        }

        return false;
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
