using Microsoft.Data.Sqlite;

namespace HomeFilter.Storage.Sqlite.Common;

/// <summary>
/// Versioned schema changes per component, recorded in <c>schema_migrations(component, version, applied_utc)</c>,
/// so several stores can share one convention (and one file) and each applies only what it has not applied yet.
/// </summary>
public static class SqliteMigrations
{
    public static void Apply(SqliteConnection connection, string component, IReadOnlyList<string> migrations)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(migrations);
        Execute(connection, null, "CREATE TABLE IF NOT EXISTS schema_migrations(component TEXT NOT NULL, version INTEGER NOT NULL, applied_utc TEXT NOT NULL, PRIMARY KEY(component, version))");
        long applied;
        using (var current = connection.CreateCommand())
        {
            current.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations WHERE component = $c";
            current.Parameters.AddWithValue("$c", component);
            applied = (long)current.ExecuteScalar()!;
        }

        for (var version = (int)applied + 1; version <= migrations.Count; version++)
        {
            using var transaction = connection.BeginTransaction();
            Execute(connection, transaction, migrations[version - 1]);
            using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_migrations(component, version, applied_utc) VALUES ($c, $v, $t)";
            record.Parameters.AddWithValue("$c", component);
            record.Parameters.AddWithValue("$v", version);
            record.Parameters.AddWithValue("$t", DateTime.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            record.ExecuteNonQuery();
            transaction.Commit();
        }
    }

    public static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// The databases hold what people looked up, password hashes and tokens: only the owner may read them. SQLite gives
    /// its -wal and -shm files the database file's mode, so setting it on the database covers them as they are made.
    /// </summary>
    public static void MakePrivate(string path)
    {
        if (OperatingSystem.IsWindows() || !File.Exists(path))
        {
            return;
        }

        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            if (File.Exists(file) && File.GetUnixFileMode(file) != ownerOnly)
            {
                File.SetUnixFileMode(file, ownerOnly);
            }
        }
    }

    /// <summary>
    /// Makes a missing database file empty (SQLite takes an empty file as an empty database) and owner-only before
    /// SQLite opens it, so it never exists with the umask's mode, and the -wal and -shm SQLite makes copy that mode.
    /// </summary>
    private static void CreatePrivate(string path)
    {
        // A missing folder is SQLite's to report, as it always has.
        if (OperatingSystem.IsWindows() || File.Exists(path) || !Directory.Exists(Path.GetDirectoryName(Path.GetFullPath(path))))
        {
            return;
        }

        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using (new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = ownerOnly }))
            {
            }

            // The create mode passes through the umask; this does not.
            File.SetUnixFileMode(path, ownerOnly);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another connection made it first; MakePrivate sees to its mode.
        }
    }

    /// <summary>Opens a connection in WAL mode with NORMAL sync (durable at each checkpoint; a crash loses at most the last transactions, never corrupts).</summary>
    public static SqliteConnection Open(string path, bool readOnly = false)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = false,
            DefaultTimeout = 30,
        };
        var connection = new SqliteConnection(builder.ToString());
        if (!readOnly)
        {
            CreatePrivate(path);
        }

        connection.Open();
        if (!readOnly)
        {
            MakePrivate(path);
        }
        if (!readOnly)
        {
            Execute(connection, null, "PRAGMA journal_mode=WAL");
        }

        Execute(connection, null, "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-65536; PRAGMA wal_autocheckpoint=8192");
        return connection;
    }
}
