using HomeFilter.Resolver.QueryLog;

namespace HomeFilter.Resolver.Tests.QueryLog;

public sealed class QueryLogJournalTests : IDisposable
{
    private static readonly DateTime Now = new(2026, 12, 3, 20, 0, 0, DateTimeKind.Utc);
    private readonly string _folder = Directory.CreateTempSubdirectory("homefilter-journal-").FullName;

    private string Path => System.IO.Path.Combine(_folder, "querylog.journal");

    private static void Accept(QueryLogQueue queue, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var entry = queue.Rent();
            entry.SetClientAddress([192, 168, 1, 20]);
            entry.TimeUtc = Now.AddMilliseconds(i);
            Assert.True(queue.TryWrite(entry));
        }
    }

    [Fact]
    public void A_first_run_and_a_run_after_a_clean_stop_have_nothing_to_report()
    {
        var first = QueryLogJournal.Open(Path, newestRowId: 0, Now);
        Assert.Null(first.PreviousRun);
        first.MarkClean();
        Assert.Null(QueryLogJournal.Open(Path, newestRowId: 0, Now).PreviousRun);
    }

    [Fact]
    public void After_a_run_that_did_not_stop_cleanly_the_next_start_knows_how_many_entries_never_reached_the_store()
    {
        var queue = new QueryLogQueue(10_000);
        var journal = QueryLogJournal.Open(Path, newestRowId: 1_000, Now);
        queue.AttachJournal(journal);
        Accept(queue, 750);
        Assert.Equal(750, journal.Accepted);

        // The process dies here: no MarkClean. 600 of its rows had been committed (ids 1,001..1,600).
        var next = QueryLogJournal.Open(Path, newestRowId: 1_600, Now.AddMinutes(1));
        var previous = Assert.IsType<QueryLogPreviousRun>(next.PreviousRun);
        Assert.Equal(750, previous.Accepted);
        Assert.Equal(150, previous.Missing(1_600));
        Assert.Equal(Now.AddMilliseconds(749), previous.LastArrivalUtc);
        Assert.Equal(Now, previous.StartedUtc);
        Assert.Equal(0, next.Accepted);
    }

    [Fact]
    public void Entries_accepted_before_the_journal_was_attached_are_counted_in_it()
    {
        var queue = new QueryLogQueue(100);
        Accept(queue, 3);
        var journal = QueryLogJournal.Open(Path, newestRowId: 0, Now);
        queue.AttachJournal(journal);
        Accept(queue, 2);
        Assert.Equal(5, journal.Accepted);
        Assert.Equal(5, queue.Written);
    }

    [Fact]
    public void The_journal_is_readable_by_its_owner_only()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        QueryLogJournal.Open(Path, newestRowId: 0, Now);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
