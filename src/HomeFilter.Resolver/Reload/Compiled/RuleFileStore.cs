using System.Diagnostics;
using HomeFilter.Rules.Compiled;
using HomeFilter.Rules.Lists;
using HomeFilter.Rules.Trie.Memory;
using Microsoft.Extensions.Logging;

namespace HomeFilter.Resolver.Reload.Compiled;

/// <summary>
/// The compiled rules kept in the data directory (<c>rules.bin</c>): a build whose inputs match the file takes the
/// trie from it instead of parsing every list; any other build parses and writes the file anew (temporary file,
/// then rename; owner-only). A file that is missing, damaged, of another version or of other inputs is rebuilt,
/// with one log line saying why.
/// </summary>
internal sealed partial class RuleFileStore(string path, TrieMemoryKind memory, ILogger logger)
{
    private const string Stale = "stale: the lists, their categories or the program changed since it was written";
    private readonly Lock _gate = new();
    private (byte[] Stat, RuleSetLoadResult Lists)? _current;
    private (RuleFileInputs Inputs, byte[] StoredHashes)? _unverified;

    public string Path { get; } = path;

    /// <summary>The lists of <paramref name="sources"/> compiled: from the file (true) or parsed and saved (false).</summary>
    public (RuleSetLoadResult Lists, bool FromFile) LoadOrBuild(
        string policyKey, IReadOnlyList<RuleSource> sources, IReadOnlyList<string> paths, EssentialNames essential, CancellationToken cancellationToken)
    {
        var inputs = RuleFileInputs.Describe(policyKey, sources, paths);
        lock (_gate)
        {
            // A policy edit that leaves the lists alone keeps the trie in force: nothing is read or built.
            if (_current is { } current && current.Stat.AsSpan().SequenceEqual(inputs.Stat))
            {
                return (current.Lists, false);
            }
        }

        if (TryLoad(inputs, sources) is { } loaded)
        {
            return (loaded, true);
        }

        // Hash before parsing: a list that changes in between then fails the background check and is rebuilt.
        var hashed = inputs.WithHashes(cancellationToken);
        var lists = RuleSetLoader.Load(sources, essential: essential);
        // Written off the start path: filtering starts as soon as the trie is built, the file follows.
        Volatile.Write(ref _saved, Task.Run(() => Save(lists, hashed), CancellationToken.None));
        lock (_gate)
        {
            _current = (inputs.Stat, lists);
            _unverified = null;
        }

        return (lists, false);
    }

    /// <summary>
    /// After a start from the file: whether any list's contents differ from what the file was built from (a list
    /// rewritten with the same size and time). When they do, the file is forgotten so the next build parses.
    /// </summary>
    public bool ContentChanged(CancellationToken cancellationToken)
    {
        (RuleFileInputs Inputs, byte[] StoredHashes)? pending;
        lock (_gate)
        {
            pending = _unverified;
        }

        if (pending is not { } check)
        {
            return false;
        }

        byte[] now;
        try
        {
            now = check.Inputs.WithHashes(cancellationToken).Hashes!;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A list that cannot be read now is the next build's error to report.
            now = [];
        }

        lock (_gate)
        {
            if (_unverified != pending)
            {
                return false;
            }

            _unverified = null;
            if (now.AsSpan().SequenceEqual(check.StoredHashes))
            {
                LogVerified(logger, Path);
                return false;
            }

            _current = null;
        }

        LogContentChanged(logger, Path);
        TryDelete(Path);
        return true;
    }

    /// <summary>
    /// When a list file is missing: the rules compiled for this same policy (same categories and sources), standing
    /// in until the list is back; null when the file holds other rules or cannot be used.
    /// </summary>
    public RuleSetLoadResult? LoadForMissingLists(string policyKey)
    {
        var read = RuleFileReader.Read(Path, memory);
        if (read.File is not { } file || RuleFileInputs.Decode(file.Inputs.Span) is not { } stored || stored.PolicyKey != policyKey)
        {
            return null;
        }

        var sources = new RuleSource[stored.Sources.Count];
        for (var i = 0; i < sources.Length; i++)
        {
            sources[i] = stored.Sources[i].ToSource();
        }

        // Not kept as current: the next build, with the lists back, parses them.
        return file.ToLoadResult(sources);
    }

    private RuleSetLoadResult? TryLoad(RuleFileInputs inputs, IReadOnlyList<RuleSource> sources)
    {
        var stopwatch = Stopwatch.StartNew();
        // Other inputs: say so without reading (and checking) 26 MB that would be thrown away.
        if (RuleFileReader.PeekInputs(Path) is { } peeked && RuleFileInputs.Decode(peeked) is { } early && !early.Stat.AsSpan().SequenceEqual(inputs.Stat))
        {
            LogRebuilding(logger, Path, Stale);
            return null;
        }

        var read = RuleFileReader.Read(Path, memory);
        if (read.File is not { } file)
        {
            LogRebuilding(logger, Path, read.Error!);
            return null;
        }

        if (RuleFileInputs.Decode(file.Inputs.Span) is not { } stored || !stored.Stat.AsSpan().SequenceEqual(inputs.Stat) ||
            file.ToLoadResult(sources) is not { } lists)
        {
            LogRebuilding(logger, Path, Stale);
            return null;
        }

        lock (_gate)
        {
            _current = (inputs.Stat, lists);
            _unverified = (inputs, stored.Hashes!);
        }

        LogLoaded(logger, Path, lists.Trie.NameCount, new FileInfo(Path).Length, stopwatch.Elapsed.TotalMilliseconds, lists.Trie.MemoryKind);
        return lists;
    }

    /// <summary>Completes when the last file asked for is written (for tests and benchmarks that read it next).</summary>
    public Task Saved => Volatile.Read(ref _saved);

    private Task _saved = Task.CompletedTask;
    private readonly Lock _saving = new();

    private void Save(RuleSetLoadResult lists, RuleFileInputs inputs)
    {
        // Two reloads in quick succession: one writer at a time, the later build's file last.
        lock (_saving)
        {
            SaveNow(lists, inputs);
        }
    }

    private void SaveNow(RuleSetLoadResult lists, RuleFileInputs inputs)
    {
        var temporary = Path + ".tmp";
        try
        {
            var stopwatch = Stopwatch.StartNew();
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 1 << 16 };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(temporary, options))
            {
                RuleFileWriter.Write(stream, lists, inputs.Encode());
                stream.Flush(flushToDisk: true);
            }

            // Rename, never rewrite in place: a reader (or a mapping) of the old file keeps a whole old file.
            File.Move(temporary, Path, overwrite: true);
            LogSaved(logger, Path, lists.Trie.NameCount, new FileInfo(Path).Length, stopwatch.Elapsed.TotalMilliseconds);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogSaveFailed(logger, Path, e.Message);
            TryDelete(temporary);
        }
    }

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    [LoggerMessage(EventId = 310, Level = LogLevel.Information, Message = "Rules from {Path}: {Names} names, {Bytes} bytes, checked in {Milliseconds:F0} ms ({Memory}); lists are checked in the background")]
    private static partial void LogLoaded(ILogger logger, string path, int names, long bytes, double milliseconds, TrieMemoryKind memory);

    [LoggerMessage(EventId = 311, Level = LogLevel.Information, Message = "Rules file {Path} not used ({Reason}): building from the lists")]
    private static partial void LogRebuilding(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 312, Level = LogLevel.Information, Message = "Rules file {Path} written: {Names} names, {Bytes} bytes in {Milliseconds:F0} ms")]
    private static partial void LogSaved(ILogger logger, string path, int names, long bytes, double milliseconds);

    [LoggerMessage(EventId = 313, Level = LogLevel.Warning, Message = "Rules file {Path} could not be written ({Error}); the next start parses the lists")]
    private static partial void LogSaveFailed(ILogger logger, string path, string error);

    [LoggerMessage(EventId = 314, Level = LogLevel.Information, Message = "Rules file {Path} matches every list's contents")]
    private static partial void LogVerified(ILogger logger, string path);

    [LoggerMessage(EventId = 315, Level = LogLevel.Information, Message = "Rules file {Path} is stale (a list's contents changed): rebuilding from the lists")]
    private static partial void LogContentChanged(ILogger logger, string path);
}
