using System.Diagnostics;
using System.Globalization;
using HomeFilter.Storage.QueryLog;
using HomeFilter.Storage.Sqlite.Common;
using HomeFilter.Storage.Sqlite.QueryLog;
using Microsoft.Extensions.Options;

namespace HomeFilter.Storage.Sqlite.Tests.QueryLog;

/// <summary>
/// A writer process killed in the middle of its stream: the database is sound and keeps every batch the writer
/// reported as committed (WAL with synchronous=NORMAL survives a process crash; only power loss may cost the last commits).
/// </summary>
public sealed class CrashTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("homefilter-crash-").FullName;

    [Theory]
    [InlineData(500, 3)]
    [InlineData(2000, 2)]
    public async Task A_killed_writer_leaves_a_sound_database_with_every_committed_row(int batchSize, int kills)
    {
        var path = Path.Combine(_folder, $"querylog-{batchSize}.db");
        long lastCommitted = 0;
        for (var round = 0; round < kills; round++)
        {
            // Each round appends to what the previous killed process left, so recovery of a crashed WAL is exercised too.
            var committed = await RunAndKillAsync(path, batchSize, minimumBatches: 4);
            Assert.True(committed >= 4L * batchSize, $"the driver committed only {committed} rows before the kill");
            lastCommitted += committed;

            using (var connection = SqliteMigrations.Open(path))
            using (var command = connection.CreateCommand())
            {
                command.CommandText = "PRAGMA integrity_check";
                Assert.Equal("ok", command.ExecuteScalar());
            }

            await using var store = new SqliteQueryLogStore(path, Options.Create(new QueryLogOptions()));
            await store.InitializeAsync(CancellationToken.None);
            var info = await store.GetInfoAsync(CancellationToken.None);
            Assert.True(info.Rows >= lastCommitted, $"{info.Rows} rows stored, {lastCommitted} reported committed");
            lastCommitted = info.Rows; // the next driver counts from zero again
        }
    }

    /// <summary>Starts the driver, waits for a few commits, kills it, and returns the last count it printed.</summary>
    private static async Task<long> RunAndKillAsync(string path, int batchSize, int minimumBatches)
    {
        var driver = Path.Combine(AppContext.BaseDirectory, "HomeFilter.Storage.Sqlite.CrashDriver.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { driver, path, batchSize.ToString(CultureInfo.InvariantCulture) },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        long last = 0;
        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && line.StartsWith("committed ", StringComparison.Ordinal))
            {
                var count = long.Parse(line.AsSpan("committed ".Length), CultureInfo.InvariantCulture);
                Interlocked.Exchange(ref last, count);
                if (count >= (long)minimumBatches * batchSize)
                {
                    enough.TrySetResult();
                }
            }
        };
        var errors = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
        };
        _ = process.WaitForExitAsync().ContinueWith(_ => enough.TrySetException(new InvalidOperationException($"the driver exited early: {errors}")), TaskScheduler.Default);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await enough.Task.WaitAsync(TimeSpan.FromSeconds(60));
            await Task.Delay(Random.Shared.Next(5, 60)); // land somewhere inside a later batch
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
        }

        // Lines printed before the kill may still be in the pipe; WaitForExit has drained them.
        return Interlocked.Read(ref last);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
