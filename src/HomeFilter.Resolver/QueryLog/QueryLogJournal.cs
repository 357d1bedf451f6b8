using System.IO.MemoryMappedFiles;

namespace HomeFilter.Resolver.QueryLog;

/// <summary>
/// A few counters in a small memory-mapped file beside the log (<c>querylog.journal</c>): how many entries this
/// run handed to the log, when the last one arrived, and the log's newest row id when the run started. The queue
/// counts into the mapping directly (one atomic add per query, as an in-memory counter costs), and the kernel keeps
/// the pages when the process is killed or crashes, so the next start knows exactly how many queries never reached
/// the store (<see cref="PreviousRun"/>). A power cut may lose the last pages as it may lose the log's last
/// transactions; the journal then under-reports, and says nothing it cannot know.
/// </summary>
public sealed unsafe class QueryLogJournal
{
    private const long Magic = 0x314A4C51_46484F4D; // "MOHFQLJ1"
    private const int Size = 64;
    private const long Running = 1;
    private const long Clean = 2;

    private readonly MemoryMappedViewAccessor _view;
    private readonly long* _words;

    private QueryLogJournal(MemoryMappedViewAccessor view, long* words, QueryLogPreviousRun? previous)
    {
        _view = view;
        _words = words;
        PreviousRun = previous;
    }

    /// <summary>What the last run left behind when it did not stop cleanly; null after a clean stop or on the first run.</summary>
    public QueryLogPreviousRun? PreviousRun { get; }

    /// <summary>The file that holds the counters.</summary>
    public string Path { get; private init; } = "";

    internal long* AcceptedCounter => _words + 2;

    internal long* LastArrival => _words + 3;

    /// <summary>
    /// Opens (or creates, mode 0600) the journal at <paramref name="path"/>, reads what the previous run left, and
    /// starts a new run whose row ids begin after <paramref name="newestRowId"/>.
    /// </summary>
    public static QueryLogJournal Open(string path, long newestRowId, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(path);
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.ReadWrite };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        MemoryMappedViewAccessor view;
        using (var stream = new FileStream(path, options))
        {
            if (stream.Length < Size)
            {
                stream.SetLength(Size);
            }

            // The mapping outlives the file handle; it lives as long as this object (and the queue that counts into it).
            using var file = MemoryMappedFile.CreateFromFile(stream, null, Size, MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: true);
            view = file.CreateViewAccessor(0, Size);
        }

        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        var words = (long*)(pointer + view.PointerOffset);
        QueryLogPreviousRun? previous = null;
        if (words[0] == Magic && words[1] == Running)
        {
            previous = new QueryLogPreviousRun(
                Accepted: words[2],
                LastArrivalUtc: words[3] > 0 ? new DateTime(words[3], DateTimeKind.Utc) : null,
                NewestRowIdAtStart: words[4],
                StartedUtc: new DateTime(Math.Max(0, words[5]), DateTimeKind.Utc));
        }

        words[1] = Running;
        words[2] = 0;
        words[3] = 0;
        words[4] = newestRowId;
        words[5] = nowUtc.Ticks;
        words[0] = Magic;
        view.Flush();
        return new QueryLogJournal(view, words, previous) { Path = path };
    }

    /// <summary>Entries handed to the log in this run.</summary>
    public long Accepted => Volatile.Read(ref *AcceptedCounter);

    /// <summary>Marks the run as stopped cleanly: everything accepted was stored (or is counted as a gap).</summary>
    public void MarkClean()
    {
        Volatile.Write(ref _words[1], Clean);
        _view.Flush();
    }
}

/// <summary>
/// A run that ended without a clean stop: it handed <paramref name="Accepted"/> entries to the log, the last one at
/// <paramref name="LastArrivalUtc"/>, and its rows have ids above <paramref name="NewestRowIdAtStart"/>.
/// </summary>
public sealed record QueryLogPreviousRun(long Accepted, DateTime? LastArrivalUtc, long NewestRowIdAtStart, DateTime StartedUtc)
{
    /// <summary>How many of its entries are not in the store, given the store's newest row id now.</summary>
    public long Missing(long newestRowIdNow) => Math.Max(0, Accepted - Math.Max(0, newestRowIdNow - NewestRowIdAtStart));
}
