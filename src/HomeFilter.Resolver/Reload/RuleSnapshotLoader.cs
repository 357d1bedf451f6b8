using HomeFilter.Rules.Lists;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HomeFilter.Resolver.Reload;

/// <summary>
/// Builds a snapshot from the configured lists and publishes it. Runs before the DNS listeners start, so the
/// filter never answers unfiltered: a list that cannot be read at start stops the start with a clear message.
/// A failed reload later keeps the snapshot in force.
/// </summary>
public sealed partial class RuleSnapshotLoader(RuleSnapshotHolder holder, IOptions<BlocklistOptions> options, ILogger<RuleSnapshotLoader> logger) : IHostedService
{
    private readonly SemaphoreSlim _reloading = new(1, 1);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            holder.Publish(await Task.Run(() => Build(holder.Current.Generation + 1), cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (IsListProblem(e))
        {
            throw new InvalidOperationException($"{BlocklistOptions.Section}: {e.Message}. Fix or remove the list; HomeFilter does not start unfiltered.", e);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Rebuilds from the lists and swaps the result in; returns false (keeping the old snapshot) on failure.</summary>
    public async Task<bool> ReloadAsync(CancellationToken cancellationToken)
    {
        await _reloading.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var next = await Task.Run(() => Build(holder.Current.Generation + 1), cancellationToken).ConfigureAwait(false);
            holder.Publish(next);
            return true;
        }
        catch (Exception e) when (IsListProblem(e))
        {
            LogReloadFailed(logger, e.Message, holder.Current.Generation);
            return false;
        }
        finally
        {
            _reloading.Release();
        }
    }

    private static bool IsListProblem(Exception e) => e is IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException;

    private RuleSnapshot Build(long generation)
    {
        var categories = new List<string>();
        var sources = new List<RuleSource>();
        foreach (var (category, paths) in options.Value.Categories)
        {
            var bit = categories.Count;
            categories.Add(category);
            foreach (var path in paths)
            {
                var full = Path.GetFullPath(path, AppContext.BaseDirectory);
                if (!File.Exists(full))
                {
                    full = Path.GetFullPath(path);
                }

                if (!File.Exists(full))
                {
                    throw new IOException($"list '{path}' of category '{category}' does not exist");
                }

                sources.Add(new RuleSource(full, bit, () => File.OpenRead(full), gzip: full.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)));
            }
        }

        var result = RuleSetLoader.Load(sources);
        foreach (var list in result.Lists)
        {
            LogListLoaded(logger, list.Source.Name, list.Report.Entries, list.Report.SkippedTotal);
        }

        LogSnapshotBuilt(logger, generation, result.Trie.NameCount, result.Trie.BytesPerName, result.Trie.Statistics.BuildTime.TotalMilliseconds);
        return new RuleSnapshot(generation, result.Trie, categories, sources);
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Loaded {List}: {Entries} entries, {Skipped} lines skipped")]
    private static partial void LogListLoaded(ILogger logger, string list, long entries, long skipped);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Rules generation {Generation}: {Names} names, {BytesPerName:F1} bytes per name, built in {BuildMs:F0} ms")]
    private static partial void LogSnapshotBuilt(ILogger logger, long generation, int names, double bytesPerName, double buildMs);

    [LoggerMessage(EventId = 302, Level = LogLevel.Error, Message = "Rules reload failed ({Error}); generation {Generation} stays in force")]
    private static partial void LogReloadFailed(ILogger logger, string error, long generation);
}
