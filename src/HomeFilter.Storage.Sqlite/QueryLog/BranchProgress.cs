using HomeFilter.Storage.QueryLog;
using Microsoft.Data.Sqlite;

namespace HomeFilter.Storage.Sqlite.QueryLog;

/// <summary>
/// Per branch, the highest <see cref="QueryLogRecord.Sequence"/> stored (<c>branch_progress</c>): a batch's numbered
/// rows at or below it are skipped and it advances with the rows stored, inside the batch's transaction, so a batch
/// shipped twice is stored once. Unnumbered rows (sequence 0, a single site) are always stored.
/// </summary>
internal sealed class BranchProgress
{
    private readonly Dictionary<string, (long Stored, long Highest)> _branches = new(StringComparer.Ordinal);

    /// <summary>The progress of the batch's numbered branches, or null when it has no numbered rows (the usual single site: no query at all).</summary>
    public static BranchProgress? Read(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<QueryLogRecord> batch)
    {
        BranchProgress? progress = null;
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT last_sequence FROM branch_progress WHERE branch = $b";
        var branch = command.Parameters.Add("$b", SqliteType.Text);
        foreach (var record in batch)
        {
            if (record.Sequence <= 0)
            {
                continue;
            }

            progress ??= new BranchProgress();
            var key = record.Branch ?? "";
            if (!progress._branches.ContainsKey(key))
            {
                branch.Value = key;
                var stored = command.ExecuteScalar() is long last ? last : 0;
                progress._branches[key] = (stored, stored);
            }
        }

        return progress;
    }

    public bool Keep(QueryLogRecord record)
    {
        if (record.Sequence <= 0)
        {
            return true;
        }

        var key = record.Branch ?? "";
        var (stored, highest) = _branches[key];
        if (record.Sequence <= stored)
        {
            return false;
        }

        _branches[key] = (stored, Math.Max(highest, record.Sequence));
        return true;
    }

    public void Save(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO branch_progress(branch, last_sequence) VALUES ($b, $s) ON CONFLICT(branch) DO UPDATE SET last_sequence = MAX(last_sequence, excluded.last_sequence)";
        var branch = command.Parameters.Add("$b", SqliteType.Text);
        var sequence = command.Parameters.Add("$s", SqliteType.Integer);
        foreach (var (key, (stored, highest)) in _branches)
        {
            if (highest > stored)
            {
                branch.Value = key;
                sequence.Value = highest;
                command.ExecuteNonQuery();
            }
        }
    }
}
