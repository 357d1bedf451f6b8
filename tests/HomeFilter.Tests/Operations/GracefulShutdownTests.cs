using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using HomeFilter.Storage.Sqlite.Common;
using HomeFilter.Testing;
using HomeFilter.Tests.Support;

namespace HomeFilter.Tests.Operations;

/// <summary>
/// The real program stopped with SIGTERM (what systemd sends): the listeners stop, the query-log writer stores what
/// is still queued, and the process exits 0. The flush interval is far longer than the test, so every row found
/// afterwards was stored by the drain on the way down.
/// </summary>
public sealed class GracefulShutdownTests : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("homefilter-sigterm-").FullName;
    private LoopbackDnsServer _upstream = null!;

    public ValueTask InitializeAsync()
    {
        _upstream = LoopbackDnsServer.Start();
        _upstream.Zone.AddA("fine.test", "192.0.2.1");
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Sigterm_stores_every_queued_query_before_exit()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "SIGTERM is a Unix signal");
        var port = FreePort();
        var server = new IPEndPoint(IPAddress.Loopback, port);
        var program = Path.Combine(AppContext.BaseDirectory, "HomeFilter.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                program, "--listen", $"127.0.0.1:{port}", "--upstream", _upstream.UdpUpstream, "--data", _data,
                "--HomeFilter:Admin:Enabled=false", "--HomeFilter:QueryLog:FlushMilliseconds=600000",
                "--HomeFilter:QueryLog:BatchSize=100000", "--Serilog:MinimumLevel:Default=Warning",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var answered = 0;
            for (var i = 0; i < 100 && answered == 0; i++)
            {
                answered += await AskAsync(server, 0) ? 1 : 0;
            }

            Assert.True(answered == 1, "the program did not start answering");
            for (var i = 1; i < 200; i++)
            {
                answered += await AskAsync(server, i) ? 1 : 0;
            }

            Assert.Equal(0, Rows());

            await SignalAsync(process.Id, "TERM");
            using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
            {
                await process.WaitForExitAsync(timeout.Token);
            }

            Assert.Equal(0, process.ExitCode);
            Assert.True(Rows() >= answered, $"{Rows()} rows stored for {answered} answered queries");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private long Rows()
    {
        using var connection = SqliteMigrations.Open(Path.Combine(_data, "querylog.db"), readOnly: true);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM queries";
        return (long)command.ExecuteScalar()!;
    }

    private static async Task SignalAsync(int pid, string signal)
    {
        var (exitCode, output) = await ExternalTool.RunAsync("kill", ["-" + signal, pid.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
        Assert.True(exitCode == 0, output);
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
            // Nobody listening yet: ICMP port unreachable.
            await Task.Delay(100);
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _upstream.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }
}
