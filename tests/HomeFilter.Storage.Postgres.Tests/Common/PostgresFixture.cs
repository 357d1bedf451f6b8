using System.Globalization;
using HomeFilter.Storage.Postgres.Common;
using HomeFilter.Testing;
using Npgsql;

[assembly: AssemblyFixture(typeof(HomeFilter.Storage.Postgres.Tests.Common.PostgresFixture))]

namespace HomeFilter.Storage.Postgres.Tests.Common;

/// <summary>
/// One throw-away PostgreSQL cluster for the whole test assembly; each test class instance takes a database of its
/// own. Without PostgreSQL the tests skip with the reason, except under CI=true, where they fail.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private static int _databases;
    private string? _problem;

    public PostgresCluster? Cluster { get; private set; }

    public async ValueTask InitializeAsync()
    {
        _problem = PostgresCluster.Unavailable;
        if (_problem is not null)
        {
            return;
        }

        try
        {
            Cluster = await PostgresCluster.StartNewAsync();
        }
        catch (InvalidOperationException e) when (!PostgresCluster.Required)
        {
            _problem = e.Message;
        }
    }

    /// <summary>The cluster, or the test is skipped (failed under CI) with the reason there is none.</summary>
    public PostgresCluster RequireCluster()
    {
        if (Cluster is not null)
        {
            return Cluster;
        }

        if (PostgresCluster.Required)
        {
            throw new InvalidOperationException("PostgreSQL is required under CI: " + _problem);
        }

        Assert.Skip(_problem ?? "PostgreSQL is unavailable");
        return null!;
    }

    /// <summary>A new empty database and its connection string.</summary>
    public async Task<string> NewDatabaseAsync()
    {
        var cluster = RequireCluster();
        var name = string.Create(CultureInfo.InvariantCulture, $"t{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}");
        await using var connection = new NpgsqlConnection(cluster.ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return cluster.ConnectionString(name);
    }

    public async Task<PostgresDatabase> NewPostgresDatabaseAsync() => PostgresDatabase.Create(await NewDatabaseAsync());

    public async ValueTask DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }
    }
}
