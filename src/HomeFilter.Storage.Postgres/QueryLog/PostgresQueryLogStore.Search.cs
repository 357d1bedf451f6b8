using System.Runtime.CompilerServices;
using System.Text;
using HomeFilter.Rules.Queries;
using HomeFilter.Storage.Postgres.Common;
using HomeFilter.Storage.QueryLog;
using Npgsql;

namespace HomeFilter.Storage.Postgres.QueryLog;

/// <summary>
/// Search newest first with the keyset cursor "time-ms.id" (index <c>queries(time, id)</c>, walked backwards across the
/// day partitions), and export oldest first, streamed. Names are matched on the distinct names (exact: one id;
/// suffix: a range of the byte-ordered reversed names; substring: a scan of the names), then rows by
/// <c>queries(name_id, time)</c>; a client by <c>queries(address_id, time)</c>; a category by its partial index;
/// group, branch and outcome filter the rows the time index yields.
/// </summary>
public sealed partial class PostgresQueryLogStore
{
    private const string SelectRows = """
        SELECT q.id, q.time, c.address, q.grp, n.name, q.type, q.outcome, q.category, q.rule, q.upstream, q.upstream_us, q.duration_us, q.rcode, q.answers, q.generation,
               q.device, q.mac, q.client_id, q.branch, q.sequence
        FROM queries q JOIN names n ON n.id = q.name_id JOIN clients c ON c.id = q.address_id
        """;

    public async Task<QueryLogPage> SearchAsync(QueryLogFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var limit = Math.Clamp(filter.Limit, 1, QueryLogFilter.MaxLimit);
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand { Connection = connection };
        var sql = new StringBuilder();
        if (filter.Match != NameMatch.Exact && !string.IsNullOrEmpty(filter.Name))
        {
            // A suffix or substring matching a few names: each name's newest rows through the (name, time) index, then
            // the newest of those. Walking the matching names' rows in time order instead reads and sorts every row of
            // every matching name (seconds on a large log); a match of very many names walks the time index as below.
            var ids = await MatchingNameIdsAsync(connection, filter, MaxNamesPerNameSearch + 1, cancellationToken).ConfigureAwait(false);
            if (ids.Length == 0)
            {
                return new QueryLogPage([], null);
            }

            if (ids.Length <= MaxNamesPerNameSearch)
            {
                sql.Append("""
                    SELECT q.id, q.time, c.address, q.grp, n.name, q.type, q.outcome, q.category, q.rule, q.upstream, q.upstream_us, q.duration_us, q.rcode, q.answers, q.generation,
                           q.device, q.mac, q.client_id, q.branch, q.sequence
                    FROM unnest(@ids) AS m(id) CROSS JOIN LATERAL (SELECT q.* FROM queries q WHERE q.name_id = m.id
                    """);
                Where(sql, command, filter with { Name = null }, withCursor: true, joined: true);
                sql.Append("""
                     ORDER BY q.time DESC, q.id DESC LIMIT @limit) q
                    JOIN names n ON n.id = q.name_id JOIN clients c ON c.id = q.address_id
                    """);
                command.Parameters.AddWithValue("ids", ids);
            }
        }

        if (sql.Length == 0)
        {
            sql.Append(SelectRows);
            Where(sql, command, filter, withCursor: true);
        }

        sql.Append(" ORDER BY q.time DESC, q.id DESC LIMIT @limit");
        command.Parameters.AddWithValue("limit", limit + 1);
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
            next = QueryLogCursor.Format(UnixTime.ToMs(last.TimeUtc), last.Id);
        }

        return new QueryLogPage(items, next);
    }

    public async IAsyncEnumerable<QueryLogRecord> ReadRangeAsync(QueryLogFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand { Connection = connection };
        var sql = new StringBuilder(SelectRows);
        Where(sql, command, filter, withCursor: false);
        sql.Append(" ORDER BY q.time, q.id");
        command.CommandText = sql.ToString();
        // Npgsql reads rows off the socket as they come: a large export is never held in memory.
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return Read(reader);
        }
    }

    /// <summary>How many names a suffix or substring search looks up one by one (beyond it, it walks the time index).</summary>
    private const int MaxNamesPerNameSearch = 1000;

    /// <summary>The ids of the names a suffix or substring matches, at most <paramref name="limit"/>.</summary>
    private static async Task<long[]> MatchingNameIdsAsync(NpgsqlConnection connection, QueryLogFilter filter, int limit, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand { Connection = connection };
        command.CommandText = "SELECT id FROM names WHERE " + NameMatchClause(command, filter) + " LIMIT @namelimit";
        command.Parameters.AddWithValue("namelimit", limit);
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(reader.GetInt64(0));
        }

        return [.. ids];
    }

    /// <summary>The condition on <c>names</c> for a suffix or substring search, with its parameters.</summary>
    private static string NameMatchClause(NpgsqlCommand command, QueryLogFilter filter)
    {
        var name = filter.Name!.Trim().TrimEnd('.').ToLowerInvariant();
        if (filter.Match == NameMatch.Suffix)
        {
            // Reversed names sort a domain's subtree together: "moc.elpmaxe" then "moc.elpmaxe.www" ('/' follows '.').
            var reversed = Reverse(name);
            command.Parameters.AddWithValue("reversed", reversed);
            command.Parameters.AddWithValue("low", reversed + ".");
            command.Parameters.AddWithValue("high", reversed + "/");
            return "(reversed = @reversed OR (reversed >= @low AND reversed < @high))";
        }

        command.Parameters.AddWithValue("name", name);
        return "strpos(name, @name) > 0";
    }

    private static void Where(StringBuilder sql, NpgsqlCommand command, QueryLogFilter filter, bool withCursor, bool joined = false)
    {
        var clauses = new List<string>();
        if (filter.From is { } from)
        {
            clauses.Add("q.time >= @from");
            command.Parameters.AddWithValue("from", UnixTime.ToMs(from));
        }

        if (filter.To is { } to)
        {
            clauses.Add("q.time < @to");
            command.Parameters.AddWithValue("to", UnixTime.ToMs(to));
        }

        if (!string.IsNullOrEmpty(filter.Client))
        {
            clauses.Add("q.address_id = (SELECT id FROM clients WHERE address = @client)");
            command.Parameters.AddWithValue("client", filter.Client);
        }

        if (!string.IsNullOrEmpty(filter.Branch))
        {
            clauses.Add("q.branch = @branch");
            command.Parameters.AddWithValue("branch", filter.Branch);
        }

        if (!string.IsNullOrWhiteSpace(filter.Device))
        {
            // Device names are few and compared as people type them (the SQLite store uses NOCASE).
            clauses.Add("lower(q.device) = lower(@device)");
            command.Parameters.AddWithValue("device", filter.Device.Trim());
        }

        if (filter.Group is not null)
        {
            clauses.Add("q.grp = @group");
            command.Parameters.AddWithValue("group", filter.Group);
        }

        if (!string.IsNullOrEmpty(filter.Name))
        {
            var name = filter.Name.Trim().TrimEnd('.').ToLowerInvariant();
            switch (filter.Match)
            {
                case NameMatch.Exact:
                    clauses.Add("q.name_id = (SELECT id FROM names WHERE name = @name)");
                    command.Parameters.AddWithValue("name", name);
                    break;
                default:
                    clauses.Add("q.name_id = ANY(ARRAY(SELECT id FROM names WHERE " + NameMatchClause(command, filter) + "))");
                    break;
            }
        }

        if (filter.Outcomes.Count > 0)
        {
            var outcomes = new short[filter.Outcomes.Count];
            for (var i = 0; i < outcomes.Length; i++)
            {
                outcomes[i] = (short)filter.Outcomes[i];
            }

            clauses.Add("q.outcome = ANY(@outcomes)");
            command.Parameters.AddWithValue("outcomes", outcomes);
        }

        if (!string.IsNullOrEmpty(filter.Category))
        {
            clauses.Add("q.category = @category AND q.category IS NOT NULL");
            command.Parameters.AddWithValue("category", filter.Category);
        }

        if (withCursor && QueryLogCursor.TryParse(filter.Cursor, out var cursorTime, out var cursorId))
        {
            clauses.Add("(q.time, q.id) < (@ctime, @cid)");
            command.Parameters.AddWithValue("ctime", cursorTime);
            command.Parameters.AddWithValue("cid", cursorId);
        }

        if (clauses.Count > 0)
        {
            // Joined: inside a query that already has its WHERE (the per-name search).
            sql.Append(joined ? " AND " : " WHERE ").AppendJoin(" AND ", clauses);
        }
    }

    private static QueryLogRecord Read(NpgsqlDataReader reader) => new()
    {
        Id = reader.GetInt64(0),
        TimeUtc = UnixTime.FromMs(reader.GetInt64(1)),
        Client = reader.GetString(2),
        Group = reader.GetString(3) is { Length: > 0 } group ? group : null,
        Name = reader.GetString(4),
        Type = (ushort)reader.GetInt32(5),
        Outcome = (QueryOutcome)reader.GetInt16(6),
        Category = reader.IsDBNull(7) ? null : reader.GetString(7),
        Rule = reader.IsDBNull(8) ? null : reader.GetString(8),
        Upstream = reader.IsDBNull(9) ? null : reader.GetString(9),
        UpstreamMicroseconds = reader.GetInt32(10),
        DurationMicroseconds = reader.GetInt32(11),
        ResponseCode = reader.GetInt16(12),
        Answers = reader.IsDBNull(13) ? [] : reader.GetString(13).Split(' '),
        Generation = reader.GetInt64(14),
        Device = reader.IsDBNull(15) ? null : reader.GetString(15),
        Mac = reader.IsDBNull(16) ? null : reader.GetString(16),
        ClientId = reader.IsDBNull(17) ? null : reader.GetString(17),
        Branch = reader.IsDBNull(18) ? null : reader.GetString(18),
        Sequence = reader.GetInt64(19),
    };
}
