using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using HomeFilter.Compliance.Wire;

namespace HomeFilter.Compliance.Tests.RealServers;

/// <summary>A DNS server process run in the foreground for one test, its output kept for failure messages.</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartupLimit = TimeSpan.FromSeconds(15);

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(string name, Process process, IPEndPoint endPoint)
    {
        Name = name;
        _process = process;
        EndPoint = endPoint;
    }

    public string Name { get; }

    public IPEndPoint EndPoint { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the server and waits until it answers an SOA query for <paramref name="probeZone"/>.</summary>
    public static async Task<ServerProcess> StartAsync(string name, string executable, IEnumerable<string> arguments,
        IPEndPoint endPoint, string probeZone, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info };
        var server = new ServerProcess(name, process, endPoint);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilAnsweringAsync(probeZone, cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private async Task WaitUntilAnsweringAsync(string zone, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + StartupLimit;
        using var socket = new Socket(EndPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        await socket.ConnectAsync(EndPoint, cancellationToken);
        var query = QueryWriter.BuildLookup(zone, ComplianceCatalog.TypeSoa, 0x4242);
        var buffer = new byte[4096];
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} at start:\n{Output}");
            }

            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt.CancelAfter(TimeSpan.FromMilliseconds(250));
            try
            {
                await socket.SendAsync(query, SocketFlags.None, attempt.Token);
                var received = await socket.ReceiveAsync(buffer, SocketFlags.None, attempt.Token);
                if (received >= 12 && (buffer[2] & 0x80) != 0)
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // not answering yet
            }
            catch (SocketException)
            {
                // not listening yet (ICMP port unreachable)
                await Task.Delay(100, cancellationToken);
            }
        }

        throw new TimeoutException($"{Name} did not answer on {EndPoint} within {StartupLimit.TotalSeconds} s:\n{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
