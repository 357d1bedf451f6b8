using System.Globalization;
using HomeFilter.Storage.Accounts;
using HomeFilter.Storage.Audit;
using HomeFilter.Storage.Sqlite.Common;
using Microsoft.Data.Sqlite;

namespace HomeFilter.Storage.Sqlite.Admin;

/// <summary>
/// Accounts, API tokens and the audit log in <c>&lt;data&gt;/homefilter.db</c> (WAL). Writes are serialised by one
/// gate; each call opens its own connection (admin traffic is a few requests a minute, never the DNS path).
/// </summary>
public sealed partial class SqliteAdminStore(string path) : IAccountStore, IApiTokenStore, IAuditStore
{
    private readonly string _path = Path.GetFullPath(path);
    private readonly SemaphoreSlim _gate = new(1, 1);

    // Its own lock: a write holds _gate when it opens the first connection, and the schema must not wait on it.
    private readonly Lock _schema = new();
    private int _initialized;

    public Task InitializeAsync(CancellationToken cancellationToken)
    {
        EnsureSchema();
        return Task.CompletedTask;
    }

    public async Task<int> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM accounts";
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    public async Task<Account?> FindAsync(string userName, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, user_name, role, password_hash, created, last_login FROM accounts WHERE user_name = $u";
        command.Parameters.AddWithValue("$u", userName);
        var accounts = await ReadAccountsAsync(command, cancellationToken).ConfigureAwait(false);
        return accounts.Count == 0 ? null : accounts[0];
    }

    public async Task<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, user_name, role, password_hash, created, last_login FROM accounts ORDER BY user_name";
        return await ReadAccountsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public Task<Account?> CreateAsync(Account account, CancellationToken cancellationToken) => InsertAccountAsync(account, onlyFirst: false, cancellationToken);

    public Task<Account?> CreateFirstAsync(Account account, CancellationToken cancellationToken) => InsertAccountAsync(account, onlyFirst: true, cancellationToken);

    public async Task<bool> UpdateAsync(string userName, AccountRole? role, string? passwordHash, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = Open();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE accounts SET role = COALESCE($r, role), password_hash = COALESCE($p, password_hash) WHERE user_name = $u";
            command.Parameters.AddWithValue("$r", role is { } r ? (int)r : DBNull.Value);
            command.Parameters.AddWithValue("$p", (object?)passwordHash ?? DBNull.Value);
            command.Parameters.AddWithValue("$u", userName);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<bool> DeleteAsync(string userName, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = Open();
            await using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM accounts WHERE user_name = $u";
            command.Parameters.AddWithValue("$u", userName);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task RecordLoginAsync(string userName, DateTime atUtc, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE accounts SET last_login = $t WHERE user_name = $u";
        command.Parameters.AddWithValue("$t", ToMs(atUtc));
        command.Parameters.AddWithValue("$u", userName);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<Account?> InsertAccountAsync(Account account, bool onlyFirst, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = Open();
            await using var command = connection.CreateCommand();
            command.CommandText = onlyFirst
                ? "INSERT INTO accounts(user_name, role, password_hash, created) SELECT $u, $r, $p, $c WHERE NOT EXISTS (SELECT 1 FROM accounts) RETURNING id"
                : "INSERT INTO accounts(user_name, role, password_hash, created) VALUES ($u, $r, $p, $c) ON CONFLICT(user_name) DO NOTHING RETURNING id";
            command.Parameters.AddWithValue("$u", account.UserName);
            command.Parameters.AddWithValue("$r", (int)account.Role);
            command.Parameters.AddWithValue("$p", account.PasswordHash);
            command.Parameters.AddWithValue("$c", ToMs(account.CreatedUtc));
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long id ? account with { Id = id } : null;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static async Task<IReadOnlyList<Account>> ReadAccountsAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var accounts = new List<Account>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            accounts.Add(new Account
            {
                Id = reader.GetInt64(0),
                UserName = reader.GetString(1),
                Role = (AccountRole)reader.GetInt32(2),
                PasswordHash = reader.GetString(3),
                CreatedUtc = FromMs(reader.GetInt64(4)),
                LastLoginUtc = reader.IsDBNull(5) ? null : FromMs(reader.GetInt64(5)),
            });
        }

        return accounts;
    }

    private SqliteConnection Open()
    {
        EnsureSchema();
        return SqliteMigrations.Open(_path);
    }

    private void EnsureSchema()
    {
        if (Volatile.Read(ref _initialized) != 0)
        {
            return;
        }

        lock (_schema)
        {
            if (_initialized == 0)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
                using var connection = SqliteMigrations.Open(_path);
                SqliteMigrations.Apply(connection, AdminSchema.Component, AdminSchema.Migrations);
                Volatile.Write(ref _initialized, 1);
            }
        }
    }

    private static long ToMs(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeMilliseconds();

    private static DateTime FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"accounts, tokens and audit in {_path}");
}
