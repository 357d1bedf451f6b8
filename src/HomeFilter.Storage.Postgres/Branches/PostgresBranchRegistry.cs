using HomeFilter.Storage.Branches;
using HomeFilter.Storage.Postgres.Common;
using Npgsql;

namespace HomeFilter.Storage.Postgres.Branches;

/// <summary>Each branch's latest report, one row per branch id (component "branches"); the contact time is the server's clock.</summary>
public sealed class PostgresBranchRegistry(PostgresDatabase database) : IBranchRegistry
{
    private const string Component = "branches";

    internal static readonly string[] Migrations =
    [
        """
        CREATE TABLE branches(
            id text PRIMARY KEY,
            last_contact timestamptz NOT NULL,
            policy_generation bigint NOT NULL,
            queries bigint NOT NULL,
            blocked bigint NOT NULL,
            spool_depth bigint NOT NULL,
            oldest_unsent timestamptz,
            healthy boolean NOT NULL,
            version text);
        """,
    ];

    public static Task<PostgresMigrations.Result> MigrateAsync(PostgresDatabase database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        return PostgresMigrations.ApplyAsync(database.DataSource, Component, Migrations, cancellationToken);
    }

    public Task InitializeAsync(CancellationToken cancellationToken) => MigrateAsync(database, cancellationToken);

    public async Task ReportAsync(BranchStatus status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(status);
        await using var command = database.DataSource.CreateCommand("""
            INSERT INTO branches(id, last_contact, policy_generation, queries, blocked, spool_depth, oldest_unsent, healthy, version)
            VALUES ($1, now(), $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (id) DO UPDATE SET last_contact = now(), policy_generation = excluded.policy_generation, queries = excluded.queries,
                blocked = excluded.blocked, spool_depth = excluded.spool_depth, oldest_unsent = excluded.oldest_unsent, healthy = excluded.healthy, version = excluded.version
            """);
        command.Parameters.AddWithValue(status.Id);
        command.Parameters.AddWithValue(status.PolicyGeneration);
        command.Parameters.AddWithValue(status.Queries);
        command.Parameters.AddWithValue(status.Blocked);
        command.Parameters.AddWithValue(status.SpoolDepth);
        command.Parameters.Add(new NpgsqlParameter { Value = status.OldestUnsentUtc is { } oldest ? DateTime.SpecifyKind(oldest, DateTimeKind.Utc) : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        command.Parameters.AddWithValue(status.Healthy);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)status.Version ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<BranchStatus>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("SELECT id, last_contact, policy_generation, queries, blocked, spool_depth, oldest_unsent, healthy, version FROM branches ORDER BY id");
        var branches = new List<BranchStatus>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            branches.Add(new BranchStatus
            {
                Id = reader.GetString(0),
                LastContactUtc = reader.GetFieldValue<DateTime>(1),
                PolicyGeneration = reader.GetInt64(2),
                Queries = reader.GetInt64(3),
                Blocked = reader.GetInt64(4),
                SpoolDepth = reader.GetInt64(5),
                OldestUnsentUtc = reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTime>(6),
                Healthy = reader.GetBoolean(7),
                Version = reader.IsDBNull(8) ? null : reader.GetString(8),
            });
        }

        return branches;
    }

    public override string ToString() => "branch registry in PostgreSQL " + database.Describe();
}
