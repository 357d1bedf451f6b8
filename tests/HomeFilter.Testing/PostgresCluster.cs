using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace HomeFilter.Testing;

/// <summary>
/// A throw-away PostgreSQL cluster owned by one test (or one test class): <c>initdb</c> into a temporary directory,
/// listening on 127.0.0.1 only, on a free port, with trust authentication for that loopback port and its own socket
/// directory. The test can stop and start it again (an outage) with its data kept. Needs Debian's <c>postgresql</c>
/// binaries; as root the server runs as the <c>postgres</c> user (PostgreSQL refuses to run as root).
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _directory;
    private readonly string? _runAs;

    private PostgresCluster(string bin, string directory, int port, string? runAs)
    {
        _bin = bin;
        _directory = directory;
        Port = port;
        _runAs = runAs;
    }

    /// <summary>The loopback port the server listens on (kept across <see cref="StopAsync"/> and <see cref="StartAsync"/>).</summary>
    public int Port { get; }

    /// <summary>Why no cluster can be started on this machine, or null when one can.</summary>
    public static string? Unavailable
    {
        get
        {
            if (FindBin() is null)
            {
                return "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb; Debian package postgresql).";
            }

            return Environment.UserName == "root" && !UserExists("postgres")
                ? "Running as root and there is no 'postgres' user to run the server as."
                : null;
        }
    }

    /// <summary>Whether tests must run, never skip, for want of PostgreSQL (CI=true).</summary>
    public static bool Required => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Creates and starts a new cluster.</summary>
    public static async Task<PostgresCluster> StartNewAsync(CancellationToken cancellationToken = default)
    {
        if (Unavailable is { } reason)
        {
            throw new InvalidOperationException(reason);
        }

        var bin = FindBin()!;
        var runAs = Environment.UserName == "root" ? "postgres" : null;
        var directory = Path.Combine(Path.GetTempPath(), "homefilter-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        if (runAs is not null)
        {
            await RunAsync("chown", ["-R", runAs, directory], null, cancellationToken).ConfigureAwait(false);
        }

        var cluster = new PostgresCluster(bin, directory, FreePort(), runAs);
        await cluster.RunBinAsync("initdb", ["-D", cluster.DataDirectory, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"], cancellationToken).ConfigureAwait(false);
        await File.AppendAllTextAsync(Path.Combine(cluster.DataDirectory, "postgresql.conf"), string.Create(CultureInfo.InvariantCulture, $"""

            listen_addresses = '127.0.0.1'
            port = {cluster.Port}
            unix_socket_directories = '{directory}'
            fsync = off
            synchronous_commit = off
            full_page_writes = off
            max_connections = 200
            shared_buffers = 128MB

            """), cancellationToken).ConfigureAwait(false);
        await cluster.StartAsync(cancellationToken).ConfigureAwait(false);
        return cluster;
    }

    private string DataDirectory => Path.Combine(_directory, "data");

    /// <summary>A connection string for <paramref name="database"/> as the superuser over loopback TCP.</summary>
    public string ConnectionString(string database = "postgres") =>
        string.Create(CultureInfo.InvariantCulture, $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Timeout=5;Command Timeout=60");

    /// <summary>Creates a database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        await RunBinAsync("createdb", ["-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres", name], cancellationToken).ConfigureAwait(false);
        return ConnectionString(name);
    }

    /// <summary>Starts the server (again), waiting until it accepts connections.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) =>
        RunBinAsync("pg_ctl", ["-D", DataDirectory, "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "60", "start"], cancellationToken);

    /// <summary>Stops the server immediately (clients see their connections drop), keeping its data.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) =>
        RunBinAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "-t", "60", "stop"], cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync().ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Already stopped by the test.
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private Task RunBinAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_bin, tool);
        return _runAs is null
            ? RunAsync(path, arguments, _directory, cancellationToken)
            : RunAsync("runuser", ["-u", _runAs, "--", path, .. arguments], _directory, cancellationToken);
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> arguments, string? workingDirectory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', arguments)} exited {process.ExitCode}: {(await error.ConfigureAwait(false)).Trim()} {(await output.ConfigureAwait(false)).Trim()}");
        }
    }

    private static string? FindBin()
    {
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
        {
            return null;
        }

        string? best = null;
        var bestVersion = -1;
        foreach (var directory in Directory.GetDirectories(root))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
                && version > bestVersion && File.Exists(Path.Combine(directory, "bin", "initdb")))
            {
                (best, bestVersion) = (Path.Combine(directory, "bin"), version);
            }
        }

        return best;
    }

    private static bool UserExists(string name)
    {
        try
        {
            foreach (var line in File.ReadLines("/etc/passwd"))
            {
                if (line.StartsWith(name + ":", StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }
        catch (IOException)
        {
        }

        return false;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
