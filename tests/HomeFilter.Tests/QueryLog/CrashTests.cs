using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using HomeFilter.Storage.Sqlite.Common;
using HomeFilter.Testing;

namespace HomeFilter.Tests.QueryLog;

/// <summary>
/// The real program, killed with SIGKILL while logging: the database is never corrupt, what was flushed before the
/// kill is there, and the next start records exactly how many answered queries never reached the log (a gap).
/// </summary>
public sealed class CrashTests : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("homefilter-crash-").FullName;
    private LoopbackDnsServer _upstream = null!;

    public ValueTask InitializeAsync()
    {
        _upstream = LoopbackDnsServer.Start();
        _upstream.Zone.AddA("fine.test", "192.0.2.1");
        return ValueTask.CompletedTask;
    }

    private Process Start(int port)
    {
        var program = Path.Combine(AppContext.BaseDirectory, "HomeFilter.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                program, "--listen", $"127.0.0.1:{port}", "--upstream", _upstream.UdpUpstream, "--data", _data,
                "--HomeFilter:Admin:Enabled=false", "--HomeFilter:QueryLog:FlushMilliseconds=100", "--Serilog:MinimumLevel:Default=Warning",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>A failed assertion must not leave the program running.</summary>
    private static IDisposable KillOnExit(Process process) => new Killer(process);

    private sealed class Killer(Process process) : IDisposable
    {
        public void Dispose()
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
            catch (InvalidOperationException)
            {
            }
        }
    }

    private static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private static async Task<bool> AskAsync(IPEndPoint server, int i)
    {
        try
        {
            return await DnsTestClient.TryQueryUdpAsync(server, DnsWireCodec.Encode(DnsTestClient.CreateQuery(i % 2 == 0 ? "fine.test" : $"n{i}.fine.test")), TimeSpan.FromSeconds(2)) is not null;
        }
        catch (SocketException)
        {
            // Nobody listening yet (or any more): ICMP port unreachable.
            await Task.Delay(100);
            return false;
        }
    }

    private (string Integrity, long Rows, long Missing) Inspect()
    {
        using var connection = SqliteMigrations.Open(Path.Combine(_data, "querylog.db"));
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        var integrity = (string)command.ExecuteScalar()!;
        command.CommandText = "SELECT COUNT(*) FROM queries";
        var rows = (long)command.ExecuteScalar()!;
        command.CommandText = "SELECT COALESCE(SUM(count), 0) FROM gaps WHERE reason = 'unclean-stop'";
        return (integrity, rows, (long)command.ExecuteScalar()!);
    }

    private static async Task<bool> WaitUpAsync(IPEndPoint server)
    {
        // A start can take many seconds on a busy machine.
        for (var i = 0; i < 600; i++)
        {
            if (await AskAsync(server, 0))
            {
                return true;
            }
        }

        return false;
    }

    [Fact]
    public async Task A_killed_server_leaves_a_sound_database_with_everything_flushed_before()
    {
        var port = FreePort();
        var server = new IPEndPoint(IPAddress.Loopback, port);
        using (var first = Start(port))
        using (KillOnExit(first))
        {
            var up = false;
            for (var i = 0; i < 100 && !up; i++)
            {
                up = await AskAsync(server, 0);
            }

            Assert.True(up, "the program did not start answering");
            for (var i = 1; i < 200; i++)
            {
                Assert.True(await AskAsync(server, i));
            }

            // Ten flush intervals: everything answered so far has been stored.
            await Task.Delay(1000);
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
        }

        var (integrity, rows, _) = Inspect();
        Assert.Equal("ok", integrity);
        Assert.True(rows >= 200, $"{rows} rows after 200 answered queries");

        // Killed in the middle of a flood: still a sound database, and nothing stored before is lost.
        long answered = 0;
        using (var second = Start(port))
        using (KillOnExit(second))
        {
            Assert.True(await WaitUpAsync(server), "the program did not start answering again");
            answered = 1;
            var flood = Enumerable.Range(0, 4).Select(async worker =>
            {
                for (var i = 0; i < 20_000; i++)
                {
                    if (!await AskAsync(server, (worker * 100_000) + i))
                    {
                        return;
                    }

                    Interlocked.Increment(ref answered);
                }
            }).ToArray();
            await Task.Delay(700);
            second.Kill(entireProcessTree: true);
            await second.WaitForExitAsync();
            await Task.WhenAll(flood);
        }

        var (integrityAfter, rowsAfter, _) = Inspect();
        Assert.Equal("ok", integrityAfter);
        Assert.True(rowsAfter >= rows);

        // The next start measures the loss from the crash journal and records it as a gap in the log: every query the
        // client saw answered is a row or counted in the gap (a query answered as the kill came may be counted but unseen).
        using (var third = Start(port))
        using (KillOnExit(third))
        {
            Assert.True(await WaitUpAsync(server), "the program did not start after the kill");
            long missing = 0;
            for (var i = 0; i < 100 && missing == 0; i++)
            {
                missing = Inspect().Missing;
                await Task.Delay(100);
            }

            var seenByClient = answered - (rowsAfter - rows);
            Assert.True(missing >= seenByClient && missing <= seenByClient + 8, $"{answered} answered, {rowsAfter - rows} stored, {missing} reported missing");
            third.Kill(entireProcessTree: true);
            await third.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _upstream.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }
}
