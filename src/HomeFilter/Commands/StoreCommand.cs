using System.Net.Sockets;
using HomeFilter.Hosting;
using HomeFilter.Storage.Postgres;
using HomeFilter.Storage.Postgres.Common;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace HomeFilter.Commands;

/// <summary>
/// <c>HomeFilter store migrate [--connection-string CS]</c>: applies the PostgreSQL store's migrations (every
/// component) and prints one line per component. Without <c>--connection-string</c> it uses
/// <c>HomeFilter:Store:ConnectionString</c> from the same settings the server reads (appsettings.json, environment,
/// <c>--HomeFilter:Store:ConnectionString=…</c>).
/// </summary>
public static class StoreCommand
{
    public const string Usage = "usage: HomeFilter store migrate [--connection-string \"Host=…;Database=…;Username=…;Password=…\"]";

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (args.Length < 1 || args[0] != "migrate")
        {
            await stderr.WriteLineAsync(Usage).ConfigureAwait(false);
            return 2;
        }

        string? connectionString = null;
        var rest = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] == "--connection-string")
            {
                if (i + 1 >= args.Length)
                {
                    await stderr.WriteLineAsync("--connection-string needs a value\n" + Usage).ConfigureAwait(false);
                    return 2;
                }

                connectionString = args[++i];
            }
            else
            {
                rest.Add(args[i]);
            }
        }

        if (connectionString is null)
        {
            var settings = new ConfigurationBuilder()
                .SetBasePath(AppContext.BaseDirectory)
                .AddJsonFile("appsettings.json", optional: true)
                .AddEnvironmentVariables()
                .AddCommandLine([.. rest])
                .Build();
            connectionString = settings[StoreOptions.Section + ":ConnectionString"];
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                await stderr.WriteLineAsync("No PostgreSQL store to migrate: give --connection-string or set HomeFilter:Store:ConnectionString (SQLite stores migrate themselves at start).").ConfigureAwait(false);
                return 2;
            }
        }

        if (PostgresDatabase.Problem(connectionString) is { } problem)
        {
            await stderr.WriteLineAsync($"Cannot use the connection string: {problem}.").ConfigureAwait(false);
            return 1;
        }

        await using var database = PostgresDatabase.Create(connectionString);
        try
        {
            foreach (var result in await PostgresSchema.MigrateAllAsync(database, cancellationToken).ConfigureAwait(false))
            {
                await stdout.WriteLineAsync($"{result.Component}: version {result.Version} ({result.Applied} applied)").ConfigureAwait(false);
            }

            return 0;
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException or IOException)
        {
            await stderr.WriteLineAsync($"Cannot migrate PostgreSQL {database.Describe()}: {e.Message.ReplaceLineEndings(" ")}").ConfigureAwait(false);
            return 1;
        }
    }
}
