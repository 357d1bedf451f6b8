using HomeFilter.Storage.QueryLog;

namespace HomeFilter.Storage.Sqlite.QueryLog;

public sealed partial class SqliteQueryLogStore
{
    public async Task AppendGapsAsync(IReadOnlyList<QueryLogGap> gaps, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(gaps);
        if (gaps.Count == 0)
        {
            return;
        }

        await _write.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = Writer;
            using var transaction = connection.BeginTransaction();
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO gaps(time_from, time_to, client, count, reason) VALUES ($from, $to, $client, $count, $reason)";
            var from = insert.Parameters.Add("$from", Microsoft.Data.Sqlite.SqliteType.Integer);
            var to = insert.Parameters.Add("$to", Microsoft.Data.Sqlite.SqliteType.Integer);
            var client = insert.Parameters.Add("$client", Microsoft.Data.Sqlite.SqliteType.Text);
            var count = insert.Parameters.Add("$count", Microsoft.Data.Sqlite.SqliteType.Integer);
            var reason = insert.Parameters.Add("$reason", Microsoft.Data.Sqlite.SqliteType.Text);
            foreach (var gap in gaps)
            {
                from.Value = ToUnixMs(gap.FromUtc);
                to.Value = ToUnixMs(gap.ToUtc);
                client.Value = (object?)gap.Client ?? DBNull.Value;
                count.Value = gap.Count;
                reason.Value = gap.Reason;
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }
        finally
        {
            _write.Release();
        }
    }

    public async Task<IReadOnlyList<QueryLogGap>> GetGapsAsync(DateTime? fromUtc, DateTime? toUtc, string? client, CancellationToken cancellationToken)
    {
        await using var connection = OpenReader();
        using var command = connection.CreateCommand();
        // A gap of unknown clients (a crash, or drops folded together) may hold the client's queries too.
        command.CommandText = """
            SELECT time_from, time_to, client, count, reason FROM gaps
            WHERE time_to >= $from AND time_from <= $to AND ($client IS NULL OR client IS NULL OR client = $client)
            ORDER BY time_from, id LIMIT 10000
            """;
        command.Parameters.AddWithValue("$from", fromUtc is { } f ? ToUnixMs(f) : long.MinValue);
        command.Parameters.AddWithValue("$to", toUtc is { } t ? ToUnixMs(t) : long.MaxValue);
        command.Parameters.AddWithValue("$client", (object?)client ?? DBNull.Value);
        var gaps = new List<QueryLogGap>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            gaps.Add(new QueryLogGap(reader.IsDBNull(2) ? null : reader.GetString(2), FromUnixMs(reader.GetInt64(0)), FromUnixMs(reader.GetInt64(1)), reader.GetInt64(3), reader.GetString(4)));
        }

        return gaps;
    }
}
