using System.Text;
using HomeFilter.Storage.Accounts;
using HomeFilter.Storage.Audit;
using HomeFilter.Storage.Postgres.Common;
using Npgsql;

namespace HomeFilter.Storage.Postgres.Admin;

public sealed partial class PostgresAdminStore
{
    private const string TokenColumns = "id, name, role, secret_hash, created, created_by, last_used";

    public async Task<ApiToken> CreateAsync(ApiToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        await using var command = DataSource.CreateCommand("INSERT INTO api_tokens(name, role, secret_hash, created, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id");
        command.Parameters.AddWithValue(token.Name);
        command.Parameters.AddWithValue((int)token.Role);
        command.Parameters.AddWithValue(token.SecretHash);
        command.Parameters.AddWithValue(UnixTime.ToMs(token.CreatedUtc));
        command.Parameters.AddWithValue(token.CreatedBy);
        var id = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        return token with { Id = id };
    }

    async Task<IReadOnlyList<ApiToken>> IApiTokenStore.ListAsync(CancellationToken cancellationToken)
    {
        await using var command = DataSource.CreateCommand($"SELECT {TokenColumns} FROM api_tokens ORDER BY id");
        return await ReadTokensAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ApiToken?> FindBySecretHashAsync(string secretHash, CancellationToken cancellationToken)
    {
        await using var command = DataSource.CreateCommand($"SELECT {TokenColumns} FROM api_tokens WHERE secret_hash = $1");
        command.Parameters.AddWithValue(secretHash);
        var tokens = await ReadTokensAsync(command, cancellationToken).ConfigureAwait(false);
        return tokens.Count == 0 ? null : tokens[0];
    }

    public async Task<bool> RevokeAsync(long id, CancellationToken cancellationToken)
    {
        await using var command = DataSource.CreateCommand("DELETE FROM api_tokens WHERE id = $1");
        command.Parameters.AddWithValue(id);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    public async Task RecordUseAsync(long id, DateTime atUtc, CancellationToken cancellationToken)
    {
        await using var command = DataSource.CreateCommand("UPDATE api_tokens SET last_used = $1 WHERE id = $2");
        command.Parameters.AddWithValue(UnixTime.ToMs(atUtc));
        command.Parameters.AddWithValue(id);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<ApiToken>> ReadTokensAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var tokens = new List<ApiToken>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            tokens.Add(new ApiToken
            {
                Id = reader.GetInt64(0),
                Name = reader.GetString(1),
                Role = (AccountRole)reader.GetInt32(2),
                SecretHash = reader.GetString(3),
                CreatedUtc = UnixTime.FromMs(reader.GetInt64(4)),
                CreatedBy = reader.GetString(5),
                LastUsedUtc = reader.IsDBNull(6) ? null : UnixTime.FromMs(reader.GetInt64(6)),
            });
        }

        return tokens;
    }

    public async Task<AuditEntry> AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var command = DataSource.CreateCommand("INSERT INTO audit(time, actor, address, action, target, before, after) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id");
        command.Parameters.AddWithValue(UnixTime.ToMs(entry.TimeUtc));
        command.Parameters.AddWithValue(entry.Actor);
        AddText(command, entry.Address);
        command.Parameters.AddWithValue(entry.Action);
        AddText(command, entry.Target);
        AddText(command, entry.Before);
        AddText(command, entry.After);
        var id = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        return entry with { Id = id };
    }

    async Task<IReadOnlyList<AuditEntry>> IAuditStore.ListAsync(AuditFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var command = DataSource.CreateCommand();
        var sql = new StringBuilder("SELECT id, time, actor, address, action, target, before, after FROM audit WHERE true");
        if (filter.Actor is not null)
        {
            sql.Append(" AND actor = @actor");
            command.Parameters.AddWithValue("actor", filter.Actor);
        }

        if (filter.Action is not null)
        {
            sql.Append(" AND action = @action");
            command.Parameters.AddWithValue("action", filter.Action);
        }

        if (filter.From is { } from)
        {
            sql.Append(" AND time >= @from");
            command.Parameters.AddWithValue("from", UnixTime.ToMs(from));
        }

        if (filter.To is { } to)
        {
            sql.Append(" AND time < @to");
            command.Parameters.AddWithValue("to", UnixTime.ToMs(to));
        }

        if (filter.Before is { } before)
        {
            sql.Append(" AND id < @before");
            command.Parameters.AddWithValue("before", before);
        }

        sql.Append(" ORDER BY id DESC LIMIT @limit");
        command.Parameters.AddWithValue("limit", Math.Clamp(filter.Limit, 1, AuditFilter.MaxLimit));
        command.CommandText = sql.ToString();
        var entries = new List<AuditEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new AuditEntry
            {
                Id = reader.GetInt64(0),
                TimeUtc = UnixTime.FromMs(reader.GetInt64(1)),
                Actor = reader.GetString(2),
                Address = reader.IsDBNull(3) ? null : reader.GetString(3),
                Action = reader.GetString(4),
                Target = reader.IsDBNull(5) ? null : reader.GetString(5),
                Before = reader.IsDBNull(6) ? null : reader.GetString(6),
                After = reader.IsDBNull(7) ? null : reader.GetString(7),
            });
        }

        return entries;
    }

    private static void AddText(NpgsqlCommand command, string? value) =>
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
}
