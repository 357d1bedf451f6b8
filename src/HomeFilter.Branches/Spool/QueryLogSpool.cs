using System.Text.Json;
using HomeFilter.Storage.Alerts;
using HomeFilter.Storage.QueryLog;
using Microsoft.Data.Sqlite;

namespace HomeFilter.Branches.Spool;

/// <summary>
/// The branch's local spool (<c>spool.db</c>, SQLite, mode 0600): query-log rows, gaps and alerts that could not be
/// sent to the central store yet, in arrival order, and the branch's sequence high-water. At most
/// <c>maxRows</c> rows are kept: beyond it the oldest are dropped and recorded as a <c>spool-full</c> gap (which is
/// itself kept to be sent), and counted. One connection, one caller at a time.
/// </summary>
public sealed class QueryLogSpool : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();
    private readonly long _maxRows;
    private long _rows;
    private long _dropped;
    private DateTime? _oldest;

    public QueryLogSpool(string path, long maxRows)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _maxRows = Math.Max(1, maxRows);
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        if (!File.Exists(Path))
        {
            // Created private before SQLite opens it: the rows name clients and what they looked up.
            using (File.Create(Path))
            {
            }
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
        Execute("""
            CREATE TABLE IF NOT EXISTS rows (id INTEGER PRIMARY KEY, sequence INTEGER NOT NULL, time_ticks INTEGER NOT NULL, body TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS gaps (id INTEGER PRIMARY KEY, body TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS alerts (id INTEGER PRIMARY KEY, body TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
            """);
        _rows = Scalar("SELECT COUNT(*) FROM rows") ?? 0;
        _oldest = Scalar("SELECT time_ticks FROM rows ORDER BY id LIMIT 1") is { } ticks ? new DateTime(ticks, DateTimeKind.Utc) : null;
        _dropped = GetMeta("dropped") ?? 0;
    }

    public string Path { get; }

    /// <summary>Rows waiting to be sent.</summary>
    public long Rows
    {
        get
        {
            lock (_gate)
            {
                return _rows;
            }
        }
    }

    /// <summary>The arrival time of the oldest waiting row; null when none waits.</summary>
    public DateTime? OldestUtc
    {
        get
        {
            lock (_gate)
            {
                return _oldest;
            }
        }
    }

    /// <summary>Rows dropped because the spool was full, ever (kept across restarts).</summary>
    public long Dropped
    {
        get
        {
            lock (_gate)
            {
                return _dropped;
            }
        }
    }

    /// <summary>Whether anything (rows, gaps, alerts) waits to be sent.</summary>
    public bool HasWaiting
    {
        get
        {
            lock (_gate)
            {
                return _rows > 0 || (Scalar("SELECT EXISTS (SELECT 1 FROM gaps) OR EXISTS (SELECT 1 FROM alerts)") ?? 0) != 0;
            }
        }
    }

    /// <summary>Keeps <paramref name="rows"/> after those already waiting; returns how many of the oldest were dropped to stay within the bound.</summary>
    public long AddRows(IReadOnlyList<QueryLogRecord> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            using (var insert = Command("INSERT INTO rows (sequence, time_ticks, body) VALUES ($s, $t, $b)", transaction))
            {
                var s = insert.Parameters.Add("$s", SqliteType.Integer);
                var t = insert.Parameters.Add("$t", SqliteType.Integer);
                var b = insert.Parameters.Add("$b", SqliteType.Text);
                foreach (var row in rows)
                {
                    s.Value = row.Sequence;
                    t.Value = row.TimeUtc.Ticks;
                    b.Value = JsonSerializer.Serialize(row, SpoolJsonContext.Default.QueryLogRecord);
                    insert.ExecuteNonQuery();
                }
            }

            var over = _rows + rows.Count - _maxRows;
            long dropped = 0;
            if (over > 0)
            {
                dropped = DropOldest(over, transaction);
            }

            transaction.Commit();
            _rows += rows.Count - dropped;
            _dropped += dropped;
            if (_oldest is null || dropped > 0)
            {
                _oldest = OldestLocked();
            }

            return dropped;
        }
    }

    /// <summary>Up to <paramref name="limit"/> waiting rows, oldest first, with their spool ids.</summary>
    public IReadOnlyList<(long Id, QueryLogRecord Row)> PeekRows(int limit)
    {
        lock (_gate)
        {
            using var select = Command("SELECT id, body FROM rows ORDER BY id LIMIT $n");
            select.Parameters.AddWithValue("$n", limit);
            var result = new List<(long, QueryLogRecord)>();
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                result.Add((reader.GetInt64(0), JsonSerializer.Deserialize(reader.GetString(1), SpoolJsonContext.Default.QueryLogRecord)!));
            }

            return result;
        }
    }

    /// <summary>Forgets the rows up to spool id <paramref name="lastId"/> (sent and committed).</summary>
    public void RemoveRowsThrough(long lastId)
    {
        lock (_gate)
        {
            using var delete = Command("DELETE FROM rows WHERE id <= $id");
            delete.Parameters.AddWithValue("$id", lastId);
            _rows -= delete.ExecuteNonQuery();
            _oldest = OldestLocked();
        }
    }

    public void AddGaps(IReadOnlyList<QueryLogGap> gaps)
    {
        ArgumentNullException.ThrowIfNull(gaps);
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            foreach (var gap in gaps)
            {
                InsertBody("gaps", JsonSerializer.Serialize(gap, SpoolJsonContext.Default.QueryLogGap), transaction);
            }

            transaction.Commit();
        }
    }

    public IReadOnlyList<(long Id, QueryLogGap Gap)> PeekGaps(int limit) => Peek("gaps", limit, body => JsonSerializer.Deserialize(body, SpoolJsonContext.Default.QueryLogGap)!);

    public void RemoveGapsThrough(long lastId) => RemoveThrough("gaps", lastId);

    public void AddAlert(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        lock (_gate)
        {
            InsertBody("alerts", JsonSerializer.Serialize(alert, SpoolJsonContext.Default.Alert), null);
        }
    }

    public IReadOnlyList<(long Id, Alert Alert)> PeekAlerts(int limit) => Peek("alerts", limit, body => JsonSerializer.Deserialize(body, SpoolJsonContext.Default.Alert)!);

    public void RemoveAlertsThrough(long lastId) => RemoveThrough("alerts", lastId);

    public long? GetMeta(string key)
    {
        lock (_gate)
        {
            using var select = Command("SELECT value FROM meta WHERE key = $k");
            select.Parameters.AddWithValue("$k", key);
            return select.ExecuteScalar() is long value ? value : null;
        }
    }

    public void SetMeta(string key, long value)
    {
        lock (_gate)
        {
            SetMetaLocked(key, value, null);
        }
    }

    public void Dispose() => _connection.Dispose();

    private long DropOldest(long count, SqliteTransaction transaction)
    {
        using var range = Command("SELECT COUNT(*), MIN(time_ticks), MAX(time_ticks), MAX(id) FROM (SELECT id, time_ticks FROM rows ORDER BY id LIMIT $n)", transaction);
        range.Parameters.AddWithValue("$n", count);
        long dropped, from, to, lastId;
        using (var reader = range.ExecuteReader())
        {
            reader.Read();
            dropped = reader.GetInt64(0);
            if (dropped == 0)
            {
                return 0;
            }

            from = reader.GetInt64(1);
            to = reader.GetInt64(2);
            lastId = reader.GetInt64(3);
        }

        using (var delete = Command("DELETE FROM rows WHERE id <= $id", transaction))
        {
            delete.Parameters.AddWithValue("$id", lastId);
            delete.ExecuteNonQuery();
        }

        var gap = new QueryLogGap(null, new DateTime(from, DateTimeKind.Utc), new DateTime(to, DateTimeKind.Utc), dropped, QueryLogGapReasons.SpoolFull);
        InsertBody("gaps", JsonSerializer.Serialize(gap, SpoolJsonContext.Default.QueryLogGap), transaction);
        SetMetaLocked("dropped", _dropped + dropped, transaction);
        return dropped;
    }

    private DateTime? OldestLocked() =>
        Scalar("SELECT time_ticks FROM rows ORDER BY id LIMIT 1") is { } ticks ? new DateTime(ticks, DateTimeKind.Utc) : null;

    private IReadOnlyList<(long, T)> Peek<T>(string table, int limit, Func<string, T> read)
    {
        lock (_gate)
        {
            using var select = Command($"SELECT id, body FROM {table} ORDER BY id LIMIT $n");
            select.Parameters.AddWithValue("$n", limit);
            var result = new List<(long, T)>();
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                result.Add((reader.GetInt64(0), read(reader.GetString(1))));
            }

            return result;
        }
    }

    private void RemoveThrough(string table, long lastId)
    {
        lock (_gate)
        {
            using var delete = Command($"DELETE FROM {table} WHERE id <= $id");
            delete.Parameters.AddWithValue("$id", lastId);
            delete.ExecuteNonQuery();
        }
    }

    private void InsertBody(string table, string body, SqliteTransaction? transaction)
    {
        using var insert = Command($"INSERT INTO {table} (body) VALUES ($b)", transaction);
        insert.Parameters.AddWithValue("$b", body);
        insert.ExecuteNonQuery();
    }

    private void SetMetaLocked(string key, long value, SqliteTransaction? transaction)
    {
        using var upsert = Command("INSERT INTO meta (key, value) VALUES ($k, $v) ON CONFLICT (key) DO UPDATE SET value = excluded.value", transaction);
        upsert.Parameters.AddWithValue("$k", key);
        upsert.Parameters.AddWithValue("$v", value);
        upsert.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, SqliteTransaction? transaction = null)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    private void Execute(string sql)
    {
        using var command = Command(sql);
        command.ExecuteNonQuery();
    }

    private long? Scalar(string sql)
    {
        using var command = Command(sql);
        return command.ExecuteScalar() is long value ? value : null;
    }
}
