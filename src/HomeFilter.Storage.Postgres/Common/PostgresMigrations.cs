using Npgsql;

namespace HomeFilter.Storage.Postgres.Common;

/// <summary>
/// Versioned schema changes per component in <c>schema_migrations(component, version, applied_utc)</c>, as the SQLite
/// stores keep them. Each migration runs in its own transaction; the whole pass holds a session advisory lock, so
/// two branches (or two stores) migrating one database at once apply each version once, one after the other.
/// </summary>
public static class PostgresMigrations
{
    // One key for every component: migrations are rare and short, and one lock also guards schema_migrations itself.
    private const long LockKey = 0x486F_6D65_4669_6C74; // "HomeFilt"

    /// <summary>What one pass found and did: the version reached and how many migrations it applied.</summary>
    public readonly record struct Result(string Component, int Version, int Applied);

    public static async Task<Result> ApplyAsync(NpgsqlDataSource dataSource, string component, IReadOnlyList<string> migrations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(migrations);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({LockKey})", cancellationToken).ConfigureAwait(false);
        try
        {
            await ExecuteAsync(connection, null, "CREATE TABLE IF NOT EXISTS schema_migrations(component text NOT NULL, version integer NOT NULL, applied_utc timestamptz NOT NULL DEFAULT now(), PRIMARY KEY(component, version))", cancellationToken).ConfigureAwait(false);
            int current;
            await using (var command = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM schema_migrations WHERE component = $1", connection))
            {
                command.Parameters.AddWithValue(component);
                current = (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            }

            var applied = 0;
            for (var version = current + 1; version <= migrations.Count; version++)
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, transaction, migrations[version - 1], cancellationToken).ConfigureAwait(false);
                await using (var record = new NpgsqlCommand("INSERT INTO schema_migrations(component, version) VALUES ($1, $2)", connection, transaction))
                {
                    record.Parameters.AddWithValue(component);
                    record.Parameters.AddWithValue(version);
                    await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                applied++;
            }

            return new Result(component, Math.Max(current, migrations.Count), applied);
        }
        finally
        {
            await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None).ConfigureAwait(false);
        }
    }

    public static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
