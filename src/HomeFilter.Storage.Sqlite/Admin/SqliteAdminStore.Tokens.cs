using HomeFilter.Storage.Accounts;
using Microsoft.Data.Sqlite;

namespace HomeFilter.Storage.Sqlite.Admin;

public sealed partial class SqliteAdminStore
{
    public async Task<ApiToken> CreateAsync(ApiToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = Open();
            await using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO api_tokens(name, role, secret_hash, created, created_by) VALUES ($n, $r, $h, $c, $b) RETURNING id";
            command.Parameters.AddWithValue("$n", token.Name);
            command.Parameters.AddWithValue("$r", (int)token.Role);
            command.Parameters.AddWithValue("$h", token.SecretHash);
            command.Parameters.AddWithValue("$c", ToMs(token.CreatedUtc));
            command.Parameters.AddWithValue("$b", token.CreatedBy);
            var id = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            return token with { Id = id };
        }
        finally
        {
            _gate.Release();
        }
    }

    async Task<IReadOnlyList<ApiToken>> IApiTokenStore.ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, name, role, secret_hash, created, created_by, last_used FROM api_tokens ORDER BY id";
        return await ReadTokensAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ApiToken?> FindBySecretHashAsync(string secretHash, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, name, role, secret_hash, created, created_by, last_used FROM api_tokens WHERE secret_hash = $h";
        command.Parameters.AddWithValue("$h", secretHash);
        var tokens = await ReadTokensAsync(command, cancellationToken).ConfigureAwait(false);
        return tokens.Count == 0 ? null : tokens[0];
    }

    public async Task<bool> RevokeAsync(long id, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = Open();
            await using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM api_tokens WHERE id = $id";
            command.Parameters.AddWithValue("$id", id);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task RecordUseAsync(long id, DateTime atUtc, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE api_tokens SET last_used = $t WHERE id = $id";
        command.Parameters.AddWithValue("$t", ToMs(atUtc));
        command.Parameters.AddWithValue("$id", id);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<ApiToken>> ReadTokensAsync(SqliteCommand command, CancellationToken cancellationToken)
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
                CreatedUtc = FromMs(reader.GetInt64(4)),
                CreatedBy = reader.GetString(5),
                LastUsedUtc = reader.IsDBNull(6) ? null : FromMs(reader.GetInt64(6)),
            });
        }

        return tokens;
    }
}
