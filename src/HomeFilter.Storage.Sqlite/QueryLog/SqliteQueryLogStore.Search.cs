using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using HomeFilter.Storage.QueryLog;
using HomeFilter.Rules.Queries;
using Microsoft.Data.Sqlite;

namespace HomeFilter.Storage.Sqlite.QueryLog;

public sealed partial class SqliteQueryLogStore
{
    private const string SelectRows = """
        SELECT q.id, q.time, c.address, q.grp, n.name, q.type, q.outcome, q.category, q.rule, q.upstream, q.upstream_us, q.duration_us, q.rcode, q.answers, q.generation, q.device, q.mac, q.dns_client_id, q.branch, q.sequence
        FROM queries q JOIN names n ON n.id = q.name_id JOIN clients c ON c.id = q.client_id
        """;

    public async Task<QueryLogPage> SearchAsync(QueryLogFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var limit = Math.Clamp(filter.Limit, 1, QueryLogFilter.MaxLimit);
        await using var connection = OpenReader();
        await using var command = connection.CreateCommand();
        var sql = new StringBuilder(SelectRows);
        Where(sql, command, filter, withCursor: true);
        sql.Append(" ORDER BY q.time DESC, q.id DESC LIMIT $limit");
        command.Parameters.AddWithValue("$limit", limit + 1);
        command.CommandText = sql.ToString();
        var items = new List<QueryLogRecord>(Math.Min(limit + 1, 128));
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                items.Add(Read(reader));
            }
        }

        string? next = null;
        if (items.Count > limit)
        {
            items.RemoveAt(items.Count - 1);
            var last = items[^1];
            next = QueryLogCursor.Format(ToUnixMs(last.TimeUtc), last.Id);
        }

        return new QueryLogPage(items, next);
    }

    public async IAsyncEnumerable<QueryLogRecord> ReadRangeAsync(QueryLogFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var connection = OpenReader();
        await using var command = connection.CreateCommand();
        var sql = new StringBuilder(SelectRows);
        Where(sql, command, filter, withCursor: false);
        sql.Append(" ORDER BY q.time, q.id");
        command.CommandText = sql.ToString();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return Read(reader);
        }
    }

    private static void Where(StringBuilder sql, SqliteCommand command, QueryLogFilter filter, bool withCursor)
    {
        var clauses = new List<string>();
        if (filter.From is { } from)
        {
            clauses.Add("q.time >= $from");
            command.Parameters.AddWithValue("$from", ToUnixMs(from));
        }

        if (filter.To is { } to)
        {
            clauses.Add("q.time < $to");
            command.Parameters.AddWithValue("$to", ToUnixMs(to));
        }

        if (!string.IsNullOrEmpty(filter.Client))
        {
            clauses.Add("q.client_id = (SELECT id FROM clients WHERE address = $client)");
            command.Parameters.AddWithValue("$client", filter.Client);
        }

        if (!string.IsNullOrEmpty(filter.Branch))
        {
            clauses.Add("q.branch = $branch");
            command.Parameters.AddWithValue("$branch", filter.Branch);
        }

        if (filter.Group is not null)
        {
            clauses.Add("q.grp = $group");
            command.Parameters.AddWithValue("$group", filter.Group);
        }

        if (!string.IsNullOrEmpty(filter.Device))
        {
            // Device names are compared as people type them: case does not matter.
            clauses.Add("q.device = $device COLLATE NOCASE");
            command.Parameters.AddWithValue("$device", filter.Device.Trim());
        }

        if (!string.IsNullOrEmpty(filter.Name))
        {
            var name = filter.Name.Trim().TrimEnd('.').ToLowerInvariant();
            switch (filter.Match)
            {
                case NameMatch.Exact:
                    clauses.Add("q.name_id = (SELECT id FROM names WHERE name = $name)");
                    command.Parameters.AddWithValue("$name", name);
                    break;
                case NameMatch.Suffix:
                    // Reversed names sort a domain's subtree together: "moc.elpmaxe" then "moc.elpmaxe.www".
                    var reversed = Reverse(name);
                    clauses.Add("q.name_id IN (SELECT id FROM names WHERE reversed = $reversed OR (reversed >= $low AND reversed < $high))");
                    command.Parameters.AddWithValue("$reversed", reversed);
                    command.Parameters.AddWithValue("$low", reversed + ".");
                    command.Parameters.AddWithValue("$high", reversed + "/");
                    break;
                default:
                    clauses.Add("q.name_id IN (SELECT id FROM names WHERE instr(name, $name) > 0)");
                    command.Parameters.AddWithValue("$name", name);
                    break;
            }
        }

        if (filter.Outcomes.Count > 0)
        {
            var names = new List<string>();
            for (var i = 0; i < filter.Outcomes.Count; i++)
            {
                names.Add("$outcome" + i.ToString(CultureInfo.InvariantCulture));
                command.Parameters.AddWithValue(names[^1], (int)filter.Outcomes[i]);
            }

            clauses.Add($"q.outcome IN ({string.Join(',', names)})");
        }

        if (!string.IsNullOrEmpty(filter.Category))
        {
            clauses.Add("q.category = $category");
            command.Parameters.AddWithValue("$category", filter.Category);
        }

        if (withCursor && QueryLogCursor.TryParse(filter.Cursor, out var cursorTime, out var cursorId))
        {
            clauses.Add("(q.time < $ctime OR (q.time = $ctime AND q.id < $cid))");
            command.Parameters.AddWithValue("$ctime", cursorTime);
            command.Parameters.AddWithValue("$cid", cursorId);
        }

        if (clauses.Count > 0)
        {
            sql.Append(" WHERE ").AppendJoin(" AND ", clauses);
        }
    }

    private static QueryLogRecord Read(SqliteDataReader reader) => new()
    {
        Id = reader.GetInt64(0),
        TimeUtc = FromUnixMs(reader.GetInt64(1)),
        Client = reader.GetString(2),
        Group = reader.GetString(3) is { Length: > 0 } group ? group : null,
        Name = reader.GetString(4),
        Type = (ushort)reader.GetInt32(5),
        Outcome = (QueryOutcome)reader.GetInt32(6),
        Category = reader.IsDBNull(7) ? null : reader.GetString(7),
        Rule = reader.IsDBNull(8) ? null : reader.GetString(8),
        Upstream = reader.IsDBNull(9) ? null : reader.GetString(9),
        UpstreamMicroseconds = reader.GetInt32(10),
        DurationMicroseconds = reader.GetInt32(11),
        ResponseCode = reader.GetInt32(12),
        Answers = reader.IsDBNull(13) ? [] : reader.GetString(13).Split(' '),
        Generation = reader.GetInt64(14),
        Device = reader.IsDBNull(15) ? null : reader.GetString(15),
        Mac = reader.IsDBNull(16) ? null : reader.GetString(16),
        ClientId = reader.IsDBNull(17) ? null : reader.GetString(17),
        Branch = reader.IsDBNull(18) ? null : reader.GetString(18),
        Sequence = reader.GetInt64(19),
    };
}
