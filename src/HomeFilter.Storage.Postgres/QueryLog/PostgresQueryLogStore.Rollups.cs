using Npgsql;

namespace HomeFilter.Storage.Postgres.QueryLog;

/// <summary>
/// The rollups SQLite keeps, kept the same way but written with every batch (in its transaction, one statement per
/// rollup table over arrays), since several branches write at once and none can hold another's counts in memory.
/// Keys are sorted so two writers touching the same keys lock them in the same order.
/// </summary>
public sealed partial class PostgresQueryLogStore
{
    private static async Task WriteRollupsAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        Dictionary<RollupHourKey, (long Queries, long Blocked)> hours,
        Dictionary<RollupNameKey, (long Queries, long Blocked)> names,
        Dictionary<RollupCategoryKey, long> categories,
        CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);

        var count = hours.Count;
        long[] hour = new long[count], hourClient = new long[count], hourQueries = new long[count], hourBlocked = new long[count];
        string[] hourGroup = new string[count], hourBranch = new string[count];
        var i = 0;
        foreach (var (key, (queries, blocked)) in hours)
        {
            (hour[i], hourClient[i], hourGroup[i], hourBranch[i], hourQueries[i], hourBlocked[i]) = (key.Hour, key.Client, key.Group, key.Branch, queries, blocked);
            i++;
        }

        batch.BatchCommands.Add(Command("""
            INSERT INTO rollup_hour(hour, address_id, grp, queries, blocked, branch)
            SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::bigint[], $5::bigint[], $6::text[]) ORDER BY 1, 2, 3, 6
            ON CONFLICT (hour, address_id, grp, branch) DO UPDATE SET queries = rollup_hour.queries + excluded.queries, blocked = rollup_hour.blocked + excluded.blocked
            """, hour, hourClient, hourGroup, hourQueries, hourBlocked, hourBranch));

        count = names.Count;
        long[] day = new long[count], nameClient = new long[count], name = new long[count], nameQueries = new long[count], nameBlocked = new long[count];
        string[] nameGroup = new string[count], nameBranch = new string[count];
        i = 0;
        foreach (var (key, (queries, blocked)) in names)
        {
            (day[i], nameClient[i], nameGroup[i], name[i], nameBranch[i], nameQueries[i], nameBlocked[i]) = (key.Day, key.Client, key.Group, key.Name, key.Branch, queries, blocked);
            i++;
        }

        batch.BatchCommands.Add(Command("""
            INSERT INTO rollup_day_name(day, address_id, grp, name_id, queries, blocked, branch)
            SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[], $7::text[]) ORDER BY 1, 2, 3, 4, 7
            ON CONFLICT (day, address_id, grp, name_id, branch) DO UPDATE SET queries = rollup_day_name.queries + excluded.queries, blocked = rollup_day_name.blocked + excluded.blocked
            """, day, nameClient, nameGroup, name, nameQueries, nameBlocked, nameBranch));

        if (categories.Count > 0)
        {
            count = categories.Count;
            long[] categoryDay = new long[count], categoryClient = new long[count], categoryBlocked = new long[count];
            string[] categoryGroup = new string[count], category = new string[count], categoryBranch = new string[count];
            i = 0;
            foreach (var (key, blocked) in categories)
            {
                (categoryDay[i], categoryClient[i], categoryGroup[i], category[i], categoryBranch[i], categoryBlocked[i]) = (key.Day, key.Client, key.Group, key.Category, key.Branch, blocked);
                i++;
            }

            batch.BatchCommands.Add(Command("""
                INSERT INTO rollup_day_category(day, address_id, grp, category, blocked, branch)
                SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::bigint[], $6::text[]) ORDER BY 1, 2, 3, 4, 6
                ON CONFLICT (day, address_id, grp, category, branch) DO UPDATE SET blocked = rollup_day_category.blocked + excluded.blocked
                """, categoryDay, categoryClient, categoryGroup, category, categoryBlocked, categoryBranch));
        }

        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The network-wide day × group × name counts, folded from the batch's per-client ones. Every branch writes the
    /// same popular names' rows, so keys are sorted (no deadlock between branches) and the statement runs last in the
    /// batch's transaction (a branch waits on another only for that one's commit).
    /// </summary>
    private static async Task WriteNetworkRollupAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        Dictionary<RollupNameKey, (long Queries, long Blocked)> names,
        CancellationToken cancellationToken)
    {
        var network = new Dictionary<(long Day, string Group, long Name), (long Queries, long Blocked)>(names.Count);
        foreach (var (name, (queries, blocked)) in names)
        {
            var key = (name.Day, name.Group, name.Name);
            network[key] = network.TryGetValue(key, out var sum) ? (sum.Queries + queries, sum.Blocked + blocked) : (queries, blocked);
        }

        var count = network.Count;
        long[] days = new long[count], ids = new long[count], totals = new long[count], blockedTotals = new long[count];
        var groups = new string[count];
        var i = 0;
        foreach (var ((day, group, name), (queries, blocked)) in network)
        {
            (days[i], groups[i], ids[i], totals[i], blockedTotals[i]) = (day, group, name, queries, blocked);
            i++;
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(Command("""
            INSERT INTO rollup_day_network_name SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bigint[], $5::bigint[]) ORDER BY 1, 2, 3
            ON CONFLICT (day, grp, name_id) DO UPDATE SET queries = rollup_day_network_name.queries + excluded.queries, blocked = rollup_day_network_name.blocked + excluded.blocked
            """, days, groups, ids, totals, blockedTotals));
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// First and last seen and the group of the latest row, once per client of the batch (SET reads the old row, as in
    /// SQLite): network-wide in <c>clients</c>, and per branch in <c>branch_clients</c>.
    /// </summary>
    private static async Task UpdateClientsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Dictionary<(string Branch, long Client), (long First, long Last, string Group)> seen, CancellationToken cancellationToken)
    {
        var network = new Dictionary<long, (long First, long Last, string Group)>(seen.Count);
        foreach (var ((_, client), (first, last, group)) in seen)
        {
            network[client] = network.TryGetValue(client, out var s)
                ? (Math.Min(s.First, first), Math.Max(s.Last, last), last >= s.Last ? group : s.Group)
                : (first, last, group);
        }

        var count = network.Count;
        long[] ids = new long[count], firsts = new long[count], lasts = new long[count];
        var groups = new string[count];
        var i = 0;
        foreach (var (id, (f, l, g)) in network)
        {
            (ids[i], firsts[i], lasts[i], groups[i]) = (id, f, l, g);
            i++;
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(Command("""
            UPDATE clients c SET first_seen = LEAST(COALESCE(c.first_seen, u.f), u.f),
                grp = CASE WHEN c.last_seen IS NULL OR u.l >= c.last_seen THEN u.g ELSE c.grp END,
                last_seen = GREATEST(COALESCE(c.last_seen, u.l), u.l)
            FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[]) AS u(id, f, l, g) WHERE c.id = u.id
            """, ids, firsts, lasts, groups));

        count = seen.Count;
        long[] branchIds = new long[count], branchFirsts = new long[count], branchLasts = new long[count];
        string[] branchGroups = new string[count], branches = new string[count];
        i = 0;
        foreach (var ((branch, id), (f, l, g)) in seen)
        {
            (branches[i], branchIds[i], branchFirsts[i], branchLasts[i], branchGroups[i]) = (branch, id, f, l, g);
            i++;
        }

        batch.BatchCommands.Add(Command("""
            INSERT INTO branch_clients(branch, address_id, first_seen, last_seen, grp)
            SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[], $5::text[]) ORDER BY 1, 2
            ON CONFLICT (branch, address_id) DO UPDATE SET first_seen = LEAST(branch_clients.first_seen, excluded.first_seen),
                grp = CASE WHEN excluded.last_seen >= branch_clients.last_seen THEN excluded.grp ELSE branch_clients.grp END,
                last_seen = GREATEST(branch_clients.last_seen, excluded.last_seen)
            """, branches, branchIds, branchFirsts, branchLasts, branchGroups));
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static NpgsqlBatchCommand Command(string sql, params Array[] arrays)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var array in arrays)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = array });
        }

        return command;
    }
}
