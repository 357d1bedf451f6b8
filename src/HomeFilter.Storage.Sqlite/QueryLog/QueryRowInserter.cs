using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace HomeFilter.Storage.Sqlite.QueryLog;

/// <summary>
/// Inserts query-log rows through one prepared statement with positional binds on the writer's connection (SQLite's
/// own API, under Microsoft.Data.Sqlite): no parameter names looked up, no boxing and no text encoded into new arrays
/// per row, which is most of what a row cost through <see cref="SqliteCommand"/>. Runs inside the caller's transaction.
/// </summary>
internal sealed class QueryRowInserter : IDisposable
{
    private const string Sql = "INSERT INTO queries(time, client_id, grp, name_id, type, outcome, category, rule, upstream, upstream_us, duration_us, rcode, answers, generation, device, mac, dns_client_id, branch, sequence) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19)";
    private readonly sqlite3 _database;
    private readonly sqlite3_stmt _statement;
    private byte[] _text = new byte[1024];

    public QueryRowInserter(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _database = connection.Handle!;
        Check(raw.sqlite3_prepare_v2(_database, Sql, out _statement));
    }

    public void Insert(long time, long client, string group, long name, int type, int outcome, string? category, string? rule, string? upstream, int upstreamMicroseconds, int durationMicroseconds, int responseCode, IReadOnlyList<string> answers, long generation, string? device, string? mac, string? clientId, string? branch, long sequence)
    {
        var s = _statement;
        raw.sqlite3_bind_int64(s, 1, time);
        raw.sqlite3_bind_int64(s, 2, client);
        Text(3, group);
        raw.sqlite3_bind_int64(s, 4, name);
        raw.sqlite3_bind_int(s, 5, type);
        raw.sqlite3_bind_int(s, 6, outcome);
        Text(7, category);
        Text(8, rule);
        Text(9, upstream);
        raw.sqlite3_bind_int(s, 10, upstreamMicroseconds);
        raw.sqlite3_bind_int(s, 11, durationMicroseconds);
        raw.sqlite3_bind_int(s, 12, responseCode);
        Answers(13, answers);
        raw.sqlite3_bind_int64(s, 14, generation);
        Text(15, device);
        Text(16, mac);
        Text(17, clientId);
        Text(18, branch);
        raw.sqlite3_bind_int64(s, 19, sequence);
        var result = raw.sqlite3_step(s);
        raw.sqlite3_reset(s);
        if (result != raw.SQLITE_DONE)
        {
            Check(result);
        }
    }

    private void Text(int index, string? value)
    {
        if (value is null)
        {
            raw.sqlite3_bind_null(_statement, index);
            return;
        }

        var length = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (length > _text.Length)
        {
            _text = new byte[Math.Max(length, _text.Length * 2)];
        }

        // SQLite copies the bytes (SQLITE_TRANSIENT), so the scratch buffer is free again at once.
        var written = Encoding.UTF8.GetBytes(value, _text);
        raw.sqlite3_bind_text(_statement, index, _text.AsSpan(0, written));
    }

    /// <summary>The answer addresses separated by spaces, as the column always held them.</summary>
    private void Answers(int index, IReadOnlyList<string> answers)
    {
        if (answers.Count == 0)
        {
            raw.sqlite3_bind_null(_statement, index);
            return;
        }

        var length = 0;
        for (var i = 0; i < answers.Count; i++)
        {
            length += answers[i].Length + 1;
        }

        if (length > _text.Length)
        {
            _text = new byte[Math.Max(length, _text.Length * 2)];
        }

        var at = 0;
        for (var i = 0; i < answers.Count; i++)
        {
            if (i > 0)
            {
                _text[at++] = (byte)' ';
            }

            // Addresses are ASCII: one byte per character.
            at += Encoding.ASCII.GetBytes(answers[i], _text.AsSpan(at));
        }

        raw.sqlite3_bind_text(_statement, index, _text.AsSpan(0, at));
    }

    private void Check(int result)
    {
        if (result != raw.SQLITE_OK)
        {
            throw new SqliteException($"SQLite Error {result}: '{raw.sqlite3_errmsg(_database).utf8_to_string()}'.", result);
        }
    }

    public void Dispose() => _statement.Dispose();
}
