using HomeFilter.Resolver.Reload.Compiled;
using HomeFilter.Resolver.Reload.Sources;
using HomeFilter.Resolver.Upstream;
using HomeFilter.Rules.Lists;
using HomeFilter.Rules.Policy.Document;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HomeFilter.Resolver.Reload;

/// <summary>
/// Loads the policy and its lists into a <see cref="RuleSnapshot"/> and publishes it. Runs before the DNS
/// listeners start, so the filter never answers unfiltered: an invalid policy or a list file that cannot be read at
/// start stops the start with a clear message. A downloaded list with no copy yet is left out with a warning instead
/// (<c>HomeFilter:Lists:WhenCategoryHasNoList</c> says how its category is answered meanwhile): a list host that is
/// down must not keep the filter from starting. Later, a changed policy file (watched), an imported document or a
/// list refresh builds the next snapshot in the background; a failure keeps the snapshot in force, and queries in
/// flight finish on the snapshot they started with.
/// </summary>
public sealed partial class RuleSnapshotLoader : IHostedService, IDisposable
{
    private static readonly TimeSpan RetireDelay = TimeSpan.FromSeconds(30);
    private readonly RuleSnapshotHolder _holder;
    private readonly PolicyOptions _options;
    private readonly BlocklistOptions _blocklists;
    private readonly RuleSnapshotBuilder _builder;
    private readonly ILogger<RuleSnapshotLoader> _logger;
    private readonly SemaphoreSlim _reloading = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<FileSystemWatcher> _listWatchers = [];
    private FileSystemWatcher? _watcher;
    private readonly Timer _debounce;
    private long _importedWriteTicks;
    private PolicyDocument? _document;

    public RuleSnapshotLoader(
        RuleSnapshotHolder holder,
        IOptions<PolicyOptions> options,
        IOptions<BlocklistOptions> blocklists,
        IOptions<UpstreamOptions> upstreams,
        ILogger<UpstreamSet> upstreamLogger,
        ILogger<RuleSnapshotLoader> logger,
        Func<string, CancellationToken, Task<ListFetchResult>>? listFetch = null,
        IOptions<ListSourceOptions>? lists = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(blocklists);
        ArgumentNullException.ThrowIfNull(upstreams);
        _holder = holder;
        _options = options.Value;
        _blocklists = blocklists.Value;
        _logger = logger;
        _builder = new RuleSnapshotBuilder(_options, upstreams.Value, upstreamLogger)
        {
            ListFetch = listFetch,
            RulesFile = _options.RulesFilePath is { } rulesFile ? new RuleFileStore(rulesFile, _options.RulesFileMemory, logger) : null,
            WhenNoList = lists?.Value.WhenCategoryHasNoList ?? WhenCategoryHasNoList.Answer,
        };
        _debounce = new Timer(_ => _ = ReloadFromWatcherAsync(), null, Timeout.Infinite, Timeout.Infinite);
        RuleMetrics.Register(this);
    }

    /// <summary>The holder this loader publishes snapshots to (its categories name the lists).</summary>
    internal RuleSnapshotHolder Holder => _holder;

    /// <summary>Completes when the rules file of the last build is written.</summary>
    internal Task RulesFileSaved => _builder.RulesFile?.Saved ?? Task.CompletedTask;

    /// <summary>The policy file in force (it may not exist yet).</summary>
    public string PolicyPath => _options.ActivePath;

    private readonly SemaphoreSlim _editing = new(1, 1);
    private IReadOnlyList<ListLoadResult> _lists = [];
    private IReadOnlyList<string> _warnings = [];

    /// <summary>
    /// Loads the policy and its lists. Each failure is an <see cref="InvalidOperationException"/> whose message is one
    /// line starting with the setting (<c>HomeFilter:Policy…</c>), naming the cause and the fix.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        PolicyDocument document;
        string? path;
        try
        {
            (document, path) = ReadDocument();
        }
        catch (PolicyRejectedException e)
        {
            throw Invalid(e);
        }
        catch (FileNotFoundException e)
        {
            throw new InvalidOperationException(
                $"{PolicyOptions.Section}:File: the policy file '{PolicyPath}' does not exist. Create it, point HomeFilter:Policy:File at the right file, or leave that setting out to start with policy.json in the data directory when there is one.",
                e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException(
                $"{PolicyOptions.Section}:File: cannot read the policy file '{PolicyPath}': {e.Message.TrimEnd('.')}. Fix its permissions or HomeFilter:Policy:File; HomeFilter does not start without its policy.",
                e);
        }

        bool fromRulesFile;
        try
        {
            fromRulesFile = await PublishAsync(document, path, cancellationToken).ConfigureAwait(false);
        }
        catch (PolicyRejectedException e)
        {
            throw Invalid(e);
        }
        catch (Exception e) when (IsListProblem(e))
        {
            throw new InvalidOperationException($"{PolicyOptions.Section}: {e.Message.TrimEnd('.')}. Fix or remove the list; HomeFilter does not start unfiltered.", e);
        }

        StartWatching();
        if (fromRulesFile)
        {
            // Filtering already runs on the compiled rules; the lists' contents are compared off the start path.
            _ = Task.Run(() => RecheckRulesFileAsync(_stopping.Token), CancellationToken.None);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        _watcher?.Dispose();
        _watcher = null;
        lock (_listWatchers)
        {
            DisposeListWatchers();
        }

        return Task.CompletedTask;
    }

    /// <summary>Rebuilds from the policy file and lists and swaps the result in; on failure the old snapshot stays.</summary>
    public async Task<ReloadResult> ReloadAsync(CancellationToken cancellationToken)
    {
        await _reloading.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (document, path) = ReadDocument();
            await PublishAsync(document, path, cancellationToken).ConfigureAwait(false);
            return new ReloadResult(true, _holder.Current.Generation, []);
        }
        catch (Exception e) when (e is PolicyRejectedException || IsListProblem(e))
        {
            LogReloadFailed(_logger, e.Message, _holder.Current.Generation);
            return Failure(e);
        }
        finally
        {
            _reloading.Release();
        }
    }

    /// <summary>Checks the document alone (shape and meaning, not its lists): every error with its path. <see cref="ValidateAsync"/> checks what an import checks.</summary>
    public static IReadOnlyList<PolicyError> Validate(string json) => PolicyDocumentReader.Read(json).Errors;

    /// <summary>
    /// Checks a document exactly as <see cref="ImportAsync"/> does (its shape and meaning, then every list read, found
    /// as an import would find it, or downloaded) and builds the snapshot, without storing or applying anything.
    /// Empty when an import of <paramref name="json"/> would succeed now.
    /// </summary>
    public async Task<IReadOnlyList<PolicyError>> ValidateAsync(string json, CancellationToken cancellationToken)
    {
        var read = PolicyDocumentReader.Read(json);
        if (read.Document is not { } document)
        {
            return read.Errors;
        }

        try
        {
            var build = await _builder.BuildAsync(_holder.Current.Generation + 1, ForThisBranch(document), PolicyPath, cancellationToken, strictFor: _holder.Current.MissingSources).ConfigureAwait(false);
            build.Snapshot.Forward.Dispose();
            return [];
        }
        catch (Exception e) when (e is PolicyRejectedException || IsListProblem(e))
        {
            return Failure(e).Errors;
        }
    }

    /// <summary>
    /// Replaces the whole policy: validates, builds the snapshot (lists included) and only then stores the document
    /// in <see cref="PolicyPath"/> and publishes. Any error leaves the file and the running policy untouched.
    /// </summary>
    public async Task<ReloadResult> ImportAsync(string json, CancellationToken cancellationToken)
    {
        var read = PolicyDocumentReader.Read(json);
        if (read.Document is not { } document)
        {
            return new ReloadResult(false, _holder.Current.Generation, read.Errors);
        }

        await _reloading.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var path = PolicyPath;
            var build = await _builder.BuildAsync(_holder.Current.Generation + 1, ForThisBranch(document), path, cancellationToken, useRulesFile: true, strictFor: _holder.Current.MissingSources).ConfigureAwait(false);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temporary = path + ".tmp";
            await File.WriteAllTextAsync(temporary, PolicyDocumentWriter.Write(document), cancellationToken).ConfigureAwait(false);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            File.Move(temporary, path, overwrite: true);
            Volatile.Write(ref _importedWriteTicks, File.GetLastWriteTimeUtc(path).Ticks);
            Volatile.Write(ref _document, document);
            Publish(build);
            return new ReloadResult(true, build.Snapshot.Generation, []);
        }
        catch (Exception e) when (IsListProblem(e))
        {
            LogReloadFailed(_logger, e.Message, _holder.Current.Generation);
            return Failure(e);
        }
        finally
        {
            _reloading.Release();
        }
    }

    /// <summary>
    /// Changes the document in force: <paramref name="edit"/> gets a copy to change and says whether it changed
    /// anything; the copy is then imported as <see cref="ImportAsync"/> does. Edits are serialised, so two at once
    /// (a person in the dashboard, an override expiring) never lose one another. Null when nothing changed.
    /// </summary>
    public async Task<ReloadResult?> EditAsync(Func<PolicyDocument, bool> edit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(edit);
        await _editing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var document = PolicyDocumentReader.Read(ExportCurrent()).Document
                ?? throw new InvalidOperationException("the policy in force could not be read back");
            return edit(document) ? await ImportAsync(PolicyDocumentWriter.Write(document), cancellationToken).ConfigureAwait(false) : null;
        }
        finally
        {
            _editing.Release();
        }
    }

    /// <summary>The document in force as JSON (what an export returns): on a branch network the whole network document, every branch's part included.</summary>
    public string ExportCurrent() => PolicyDocumentWriter.Write(Volatile.Read(ref _document) ?? _holder.Current.Policy.Document);

    /// <summary>The document in force, whole (not only this branch's part). Do not change it.</summary>
    public PolicyDocument Document => Volatile.Read(ref _document) ?? _holder.Current.Policy.Document;

    /// <summary>What this resolver compiles of a network document: its network-wide part and this branch's part.</summary>
    private PolicyDocument ForThisBranch(PolicyDocument document) =>
        _options.Branch is null && document.Branches is not { Count: > 0 } ? document : PolicyDocuments.ForBranch(document, _options.Branch);

    public void Dispose()
    {
        _watcher?.Dispose();
        lock (_listWatchers)
        {
            DisposeListWatchers();
        }

        _debounce.Dispose();
        _editing.Dispose();
        _reloading.Dispose();
        _stopping.Dispose();
    }

    private static ReloadResult Failure(Exception e) => e is PolicyRejectedException rejected && rejected.Errors.Count > 0
        ? new ReloadResult(false, -1, rejected.Errors)
        : new ReloadResult(false, -1, [new PolicyError("$", e.Message)]);

    private (PolicyDocument Document, string? Path) ReadDocument()
    {
        var path = PolicyPath;
        if (File.Exists(path))
        {
            using var stream = File.OpenRead(path);
            var read = PolicyDocumentReader.Read(stream);
            return read.Document is { } document ? (document, path) : throw new PolicyRejectedException(path, read.Errors);
        }

        if (!string.IsNullOrWhiteSpace(_options.File))
        {
            throw new FileNotFoundException($"policy file '{path}' does not exist", path);
        }

        return (ImplicitDocument(), null);
    }

    /// <summary>Without a policy file: the lists of HomeFilter:Blocklists, blocked for every client.</summary>
    private PolicyDocument ImplicitDocument()
    {
        var document = new PolicyDocument();
        foreach (var (category, paths) in _blocklists.Categories)
        {
            document.Categories[category] = new CategoryDefinition { Sources = [.. paths] };
            document.Default.Block.Add(category);
        }

        return document;
    }

    /// <summary>Builds and publishes; true when the lists came from the rules file.</summary>
    private async Task<bool> PublishAsync(PolicyDocument document, string? path, CancellationToken cancellationToken)
    {
        var build = await _builder.BuildAsync(_holder.Current.Generation + 1, ForThisBranch(document), path, cancellationToken, useRulesFile: true).ConfigureAwait(false);
        Volatile.Write(ref _document, document);
        Publish(build);
        return build.FromRulesFile;
    }

    /// <summary>After a start from the rules file: a list whose contents changed (same size and time) makes a new snapshot.</summary>
    private async Task RecheckRulesFileAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (_builder.RulesFile is { } rulesFile && rulesFile.ContentChanged(cancellationToken))
            {
                await ReloadAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>The lists of the snapshot in force, each with what parsing it found (entries, lines skipped).</summary>
    public IReadOnlyList<ListLoadResult> Lists => Volatile.Read(ref _lists);

    /// <summary>
    /// Where a policy source is downloaded from: its URL, or the catalog entry's for a catalog id; null for a file.
    /// Download state (<c>ListSourceStates</c>) is kept by this URL.
    /// </summary>
    public string? DownloadUrl(string source) => _builder.DownloadUrl(source);

    /// <summary>The public lists a policy source may name by id, and the presets made of them.</summary>
    public HomeFilter.Rules.Lists.Catalog.ListCatalog Catalog => _builder.Catalog;

    /// <summary>What the build of the snapshot in force warned about (a download that failed, a bundled file missing).</summary>
    public IReadOnlyList<string> Warnings => Volatile.Read(ref _warnings);

    private void Publish(RuleSnapshotBuild build)
    {
        Volatile.Write(ref _lists, build.Lists.Lists);
        Volatile.Write(ref _warnings, build.Warnings);
        foreach (var list in build.Lists.Lists)
        {
            LogListLoaded(_logger, list.Source.Name, list.Report.Entries, list.Report.SkippedTotal);
        }

        foreach (var warning in build.Warnings)
        {
            LogWarning(_logger, warning);
        }

        var snapshot = build.Snapshot;
        var previous = _holder.Current;
        _holder.Publish(snapshot);
        LogSnapshotBuilt(_logger, snapshot.Generation, snapshot.PolicyPath ?? "settings", snapshot.Policy.Groups.Count, snapshot.Trie.NameCount, snapshot.Trie.BytesPerName);
        WatchLists(snapshot);
        if (!build.FromRulesFile)
        {
            BuildGarbage.ReleaseSoon();
        }

        // Queries in flight may still use the old snapshot's forward zones for a moment.
        if (previous.Forward.Count > 0)
        {
            _ = Task.Delay(RetireDelay, CancellationToken.None).ContinueWith(_ => previous.Forward.Dispose(), TaskScheduler.Default);
        }
    }

    private void StartWatching()
    {
        if (!_options.Watch)
        {
            return;
        }

        var path = PolicyPath;
        var folder = Path.GetDirectoryName(path);
        if (folder is null || !Directory.Exists(folder))
        {
            return;
        }

        _watcher = new FileSystemWatcher(folder, Path.GetFileName(path))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        _watcher.Changed += (_, _) => _debounce.Change(500, Timeout.Infinite);
        _watcher.Created += (_, _) => _debounce.Change(500, Timeout.Infinite);
        _watcher.Renamed += (_, _) => _debounce.Change(500, Timeout.Infinite);
        _watcher.EnableRaisingEvents = true;
    }

    /// <summary>A local list edited in place (not a download) also makes a new snapshot.</summary>
    private void WatchLists(RuleSnapshot snapshot)
    {
        if (!_options.Watch || _stopping.IsCancellationRequested)
        {
            return;
        }

        var byFolder = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var source in snapshot.Sources)
        {
            if (Path.IsPathRooted(source.Name) && Path.GetDirectoryName(source.Name) is { } folder && Directory.Exists(folder))
            {
                if (!byFolder.TryGetValue(folder, out var names))
                {
                    byFolder[folder] = names = new HashSet<string>(StringComparer.Ordinal);
                }

                names.Add(Path.GetFileName(source.Name));
            }
        }

        lock (_listWatchers)
        {
            DisposeListWatchers();
            foreach (var (folder, names) in byFolder)
            {
                var watcher = new FileSystemWatcher(folder) { NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size };
                foreach (var name in names)
                {
                    watcher.Filters.Add(name);
                }

                watcher.Changed += (_, _) => _debounce.Change(1000, Timeout.Infinite);
                watcher.Created += (_, _) => _debounce.Change(1000, Timeout.Infinite);
                watcher.Renamed += (_, _) => _debounce.Change(1000, Timeout.Infinite);
                watcher.EnableRaisingEvents = true;
                _listWatchers.Add(watcher);
            }
        }
    }

    private void DisposeListWatchers()
    {
        foreach (var watcher in _listWatchers)
        {
            watcher.Dispose();
        }

        _listWatchers.Clear();
    }

    private async Task ReloadFromWatcherAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        // The file an import just wrote is already in force: building it again would be the same work twice.
        var path = PolicyPath;
        if (File.Exists(path) && File.GetLastWriteTimeUtc(path).Ticks == Volatile.Read(ref _importedWriteTicks))
        {
            return;
        }

        try
        {
            var result = await ReloadAsync(_stopping.Token).ConfigureAwait(false);
            if (result.Succeeded)
            {
                LogReloadedFromFile(_logger, PolicyPath, result.Generation);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>An invalid policy at start: the first errors (all of them are one <c>HomeFilter policy check</c> away).</summary>
    private InvalidOperationException Invalid(PolicyRejectedException e)
    {
        const int shown = 3;
        var errors = e.Errors;
        var listed = string.Join("; ", errors.Take(shown));
        var more = errors.Count > shown ? $"; and {errors.Count - shown} more" : "";
        var what = errors.Count == 0 ? e.Message : $"the policy in '{PolicyPath}' is invalid ({errors.Count} error{(errors.Count == 1 ? "" : "s")}): {listed}{more}";
        return new InvalidOperationException(
            $"{PolicyOptions.Section}: {what}. Fix the policy ('HomeFilter policy check {PolicyPath}' lists every error); HomeFilter does not start with an invalid one.",
            e);
    }

    private static bool IsListProblem(Exception e) =>
        e is IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException or TimeZoneNotFoundException or InvalidTimeZoneException;

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Loaded {List}: {Entries} entries, {Skipped} lines skipped")]
    private static partial void LogListLoaded(ILogger logger, string list, long entries, long skipped);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Rules generation {Generation} from {Policy}: {Groups} groups, {Names} names, {BytesPerName:F1} bytes per name")]
    private static partial void LogSnapshotBuilt(ILogger logger, long generation, string policy, int groups, int names, double bytesPerName);

    [LoggerMessage(EventId = 302, Level = LogLevel.Error, Message = "Rules reload failed ({Error}); generation {Generation} stays in force")]
    private static partial void LogReloadFailed(ILogger logger, string error, long generation);

    [LoggerMessage(EventId = 303, Level = LogLevel.Warning, Message = "{Warning}")]
    private static partial void LogWarning(ILogger logger, string warning);

    [LoggerMessage(EventId = 304, Level = LogLevel.Information, Message = "Policy file {Path} changed: generation {Generation} in force")]
    private static partial void LogReloadedFromFile(ILogger logger, string path, long generation);
}
