using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using HomeFilter.Storage.Branches;
using HomeFilter.Storage.Postgres.Common;
using Npgsql;

namespace HomeFilter.Storage.Postgres.Branches;

/// <summary>
/// The network's policy as a table of generations (component "policy"). A save inserts generation n+1 only while n is
/// the newest, under a transaction advisory lock, and announces it with <c>NOTIFY homefilter_policy, 'n+1'</c> in the
/// same transaction, so listeners hear of it exactly when it is committed. Watching holds one dedicated connection
/// (<c>LISTEN homefilter_policy</c>).
/// </summary>
public sealed class PostgresPolicyStore(PostgresDatabase database) : IPolicyStore
{
    /// <summary>The notification channel.</summary>
    public const string Channel = "homefilter_policy";

    private const string Component = "policy";
    private const long SaveLockKey = 0x486F_6D65_506F_6C69; // "HomePoli"

    internal static readonly string[] Migrations =
    [
        """
        CREATE TABLE policy_generations(
            generation bigint PRIMARY KEY,
            document text NOT NULL,
            changed_utc timestamptz NOT NULL DEFAULT now(),
            changed_by text);
        """,
    ];

    private NpgsqlDataSource DataSource => database.DataSource;

    public static Task<PostgresMigrations.Result> MigrateAsync(PostgresDatabase database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        return PostgresMigrations.ApplyAsync(database.DataSource, Component, Migrations, cancellationToken);
    }

    public Task InitializeAsync(CancellationToken cancellationToken) => MigrateAsync(database, cancellationToken);

    public async Task<StoredPolicy?> GetLatestAsync(CancellationToken cancellationToken)
    {
        await using var command = DataSource.CreateCommand("SELECT generation, document, changed_utc, changed_by FROM policy_generations ORDER BY generation DESC LIMIT 1");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new StoredPolicy(reader.GetInt64(0), reader.GetString(1), reader.GetFieldValue<DateTime>(2), reader.IsDBNull(3) ? null : reader.GetString(3));
    }

    public async Task<StoredPolicy?> SaveAsync(string document, long expectedGeneration, string? changedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await PostgresMigrations.ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({SaveLockKey})", cancellationToken).ConfigureAwait(false);
        await using (var latest = new NpgsqlCommand("SELECT COALESCE(MAX(generation), 0) FROM policy_generations", connection, transaction))
        {
            if ((long)(await latest.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! != expectedGeneration)
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                return null;
            }
        }

        var generation = expectedGeneration + 1;
        DateTime changed;
        await using (var insert = new NpgsqlCommand("INSERT INTO policy_generations(generation, document, changed_by) VALUES ($1, $2, $3) RETURNING changed_utc", connection, transaction))
        {
            insert.Parameters.AddWithValue(generation);
            insert.Parameters.AddWithValue(document);
            insert.Parameters.Add(new NpgsqlParameter { Value = (object?)changedBy ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            changed = (DateTime)(await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        await using (var notify = new NpgsqlCommand("SELECT pg_notify($1, $2)", connection, transaction))
        {
            notify.Parameters.AddWithValue(Channel);
            notify.Parameters.AddWithValue(generation.ToString(CultureInfo.InvariantCulture));
            await notify.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new StoredPolicy(generation, document, changed, changedBy);
    }

    public async IAsyncEnumerable<long> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var announced = System.Threading.Channels.Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        connection.Notification += (_, e) =>
        {
            if (e.Channel == Channel && long.TryParse(e.Payload, NumberStyles.None, CultureInfo.InvariantCulture, out var generation))
            {
                announced.Writer.TryWrite(generation);
            }
        };
        await PostgresMigrations.ExecuteAsync(connection, null, "LISTEN " + Channel, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            // Throws when the connection drops: the caller falls back to polling and watches again later.
            await connection.WaitAsync(cancellationToken).ConfigureAwait(false);
            while (announced.Reader.TryRead(out var generation))
            {
                yield return generation;
            }
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public override string ToString() => "policy in PostgreSQL " + database.Describe();
}
