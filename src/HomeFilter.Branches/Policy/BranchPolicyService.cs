using HomeFilter.Resolver.Reload;
using HomeFilter.Rules.Policy.Document;
using HomeFilter.Storage.Branches;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HomeFilter.Branches.Policy;

/// <summary>
/// The central policy store as a branch's policy source. Watches its announcements (LISTEN/NOTIFY), polls every
/// <c>HomeFilter:Branch:PollSeconds</c> and whenever the watch reconnects; a newer generation is fetched, validated,
/// written as the local last-good copy (<c>policy.json</c>, 0600: a restart while the database is down answers with
/// it) and applied through the loader's import. A branch that missed announcements catches up by generation. An empty
/// store is seeded from the local policy. Admin changes go through <see cref="EditAsync"/>/<see cref="ImportAsync"/>:
/// saved if the store still holds the generation they were based on, then applied at once here.
/// </summary>
public sealed partial class BranchPolicyService(
    IPolicyStore store,
    RuleSnapshotLoader loader,
    IOptions<BranchOptions> options,
    string dataDirectory,
    TimeProvider clock,
    ILogger<BranchPolicyService> logger) : BackgroundService
{
    private static readonly TimeSpan WatchRetry = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim _checking = new(1, 1);
    private readonly PolicyGenerationFile _file = new(Path.Combine(dataDirectory, "policy-generation"));
    private long _generation;
    private long _rejected;
    private bool _ready;
    private DateTime? _changedUtc;
    private DateTime? _lastContactUtc;
    private string? _lastError;

    /// <summary>The central generation in force here (0: none yet).</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>When the generation in force was saved.</summary>
    public DateTime? ChangedUtc => _changedUtc;

    /// <summary>The last time the policy store answered.</summary>
    public DateTime? LastContactUtc => _lastContactUtc;

    public string? LastError => _lastError;

    /// <summary>Raised after a generation was applied here (tests wait on it).</summary>
    public event Action<long>? Applied;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        (_generation, _changedUtc) = _file.Read();

        // Never waits for the database: the local last-good copy is already in force; the first check runs in the background.
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Fetches the newest generation and applies it when it is newer than the one in force; seeds an empty store.</summary>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        await _checking.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_ready)
            {
                await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
                _ready = true;
            }

            var latest = await store.GetLatestAsync(cancellationToken).ConfigureAwait(false);
            Contact();
            if (latest is null)
            {
                // A new network: the first branch's local policy becomes generation 1.
                var seeded = await store.SaveAsync(loader.ExportCurrent(), 0, null, cancellationToken).ConfigureAwait(false);
                if (seeded is not null)
                {
                    Remember(seeded);
                    LogSeeded(logger, seeded.Generation);
                    Applied?.Invoke(seeded.Generation);
                    return;
                }

                latest = await store.GetLatestAsync(cancellationToken).ConfigureAwait(false);
            }

            if (latest is not null && latest.Generation > Generation && latest.Generation != Interlocked.Read(ref _rejected))
            {
                await ApplyAsync(latest, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Failed(e);
        }
        finally
        {
            _checking.Release();
        }
    }

    /// <summary>
    /// An admin edit: <paramref name="edit"/> changes a copy of the network document and says whether it changed
    /// anything; the result is validated as an import is, saved as the next generation if none was saved since the
    /// one in force (else <see cref="CentralPolicyResult.Conflict"/>), then applied here.
    /// </summary>
    public async Task<CentralPolicyResult> EditAsync(Func<PolicyDocument, bool> edit, string? changedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var document = PolicyDocumentReader.Read(loader.ExportCurrent()).Document
            ?? throw new InvalidOperationException("the policy in force could not be read back");
        return edit(document)
            ? await ImportAsync(PolicyDocumentWriter.Write(document), changedBy, cancellationToken).ConfigureAwait(false)
            : CentralPolicyResult.Unchanged;
    }

    /// <summary>A whole new network document (an import): validated, saved if nothing newer was saved, applied here.</summary>
    public async Task<CentralPolicyResult> ImportAsync(string json, string? changedBy, CancellationToken cancellationToken)
    {
        var errors = await loader.ValidateAsync(json, cancellationToken).ConfigureAwait(false);
        if (errors.Count > 0)
        {
            return new CentralPolicyResult(new ReloadResult(false, -1, errors));
        }

        var basedOn = Generation;
        StoredPolicy? saved;
        try
        {
            saved = await store.SaveAsync(json, basedOn, changedBy, cancellationToken).ConfigureAwait(false);
            Contact();
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Failed(e);
            return new CentralPolicyResult(null, Unreachable: e.Message);
        }

        if (saved is null)
        {
            // Someone saved first: catch up so the next attempt is based on the newest generation.
            _ = Task.Run(() => CheckAsync(CancellationToken.None), CancellationToken.None);
            return new CentralPolicyResult(null, Conflict: true, Generation: basedOn);
        }

        await _checking.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var result = saved.Generation > Generation ? await ApplyAsync(saved, cancellationToken).ConfigureAwait(false) : new ReloadResult(true, -1, []);
            return new CentralPolicyResult(result, Generation: saved.Generation);
        }
        finally
        {
            _checking.Release();
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(WatchAsync(stoppingToken), PollAsync(stoppingToken));

    private async Task WatchAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var generation in store.WatchAsync(stoppingToken).ConfigureAwait(false))
                {
                    if (generation > Generation)
                    {
                        await CheckAsync(stoppingToken).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Failed(e);
            }

            try
            {
                await Task.Delay(WatchRetry, clock, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            // Announcements made while the watch was down are lost: ask for the newest now.
            await CheckAsync(stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task PollAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromSeconds(Math.Max(1, options.Value.PollSeconds));
        try
        {
            await CheckAsync(stoppingToken).ConfigureAwait(false);
            using var timer = new PeriodicTimer(period, clock);
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await CheckAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Applies <paramref name="stored"/> through the loader's import (validated, built, written, published). Called under <see cref="_checking"/>.</summary>
    private async Task<ReloadResult> ApplyAsync(StoredPolicy stored, CancellationToken cancellationToken)
    {
        var result = await loader.ImportAsync(stored.Document, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            Interlocked.Exchange(ref _rejected, stored.Generation);
            LogRejected(logger, stored.Generation, string.Join("; ", result.Errors.Take(3)), Generation);
            return result;
        }

        Remember(stored);
        LogApplied(logger, stored.Generation, stored.ChangedBy ?? "the program");
        Applied?.Invoke(stored.Generation);
        return result;
    }

    private void Remember(StoredPolicy stored)
    {
        Interlocked.Exchange(ref _generation, stored.Generation);
        _changedUtc = stored.ChangedUtc;
        try
        {
            _file.Write(stored.Generation, stored.ChangedUtc);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogGenerationNotSaved(logger, e.Message);
        }
    }

    private void Contact()
    {
        _lastContactUtc = clock.GetUtcNow().UtcDateTime;
        _lastError = null;
    }

    private void Failed(Exception e)
    {
        if (_lastError is null)
        {
            LogUnreachable(logger, e.Message, Generation);
        }

        _lastError = e.Message;
    }

    public override void Dispose()
    {
        _checking.Dispose();
        base.Dispose();
    }

    [LoggerMessage(EventId = 1110, Level = LogLevel.Information, Message = "Central policy generation {Generation} (saved by {By}) in force")]
    private static partial void LogApplied(ILogger logger, long generation, string by);

    [LoggerMessage(EventId = 1111, Level = LogLevel.Error, Message = "Central policy generation {Generation} rejected ({Errors}); generation {Current} stays in force")]
    private static partial void LogRejected(ILogger logger, long generation, string errors, long current);

    [LoggerMessage(EventId = 1112, Level = LogLevel.Information, Message = "The central policy store was empty: seeded it with the local policy as generation {Generation}")]
    private static partial void LogSeeded(ILogger logger, long generation);

    [LoggerMessage(EventId = 1113, Level = LogLevel.Warning, Message = "Central policy store unreachable ({Error}): generation {Generation} (the local copy) stays in force")]
    private static partial void LogUnreachable(ILogger logger, string error, long generation);

    [LoggerMessage(EventId = 1114, Level = LogLevel.Warning, Message = "Could not record the policy generation in the data directory: {Error}")]
    private static partial void LogGenerationNotSaved(ILogger logger, string error);
}
