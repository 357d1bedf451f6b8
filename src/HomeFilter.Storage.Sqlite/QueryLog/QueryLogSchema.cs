namespace HomeFilter.Storage.Sqlite.QueryLog;

/// <summary>
/// The query log's tables, in migration order. Names and client addresses are stored once in dictionaries and
/// rows refer to them, which keeps rows small (fast writes, more rows per page) and makes suffix and substring
/// searches scan the distinct names, not the rows. Times are Unix milliseconds (UTC).
/// Every index costs the writer (sustained logging of 20,000 queries a second is the target on two cores), so there
/// are only the ones searches need: time, client + time, name + time, and blocked rows by category. A group search
/// walks the time index newest first (groups are large); rollups have no secondary indexes (retention prunes
/// unused names in one pass instead).
/// </summary>
internal static class QueryLogSchema
{
    public const string Component = "querylog";

    public static readonly string[] Migrations =
    [
        """
        CREATE TABLE names(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, reversed TEXT NOT NULL);
        CREATE INDEX names_reversed ON names(reversed);
        CREATE TABLE clients(id INTEGER PRIMARY KEY, address TEXT NOT NULL UNIQUE);
        CREATE TABLE queries(
            id INTEGER PRIMARY KEY,
            time INTEGER NOT NULL,
            client_id INTEGER NOT NULL,
            grp TEXT NOT NULL,
            name_id INTEGER NOT NULL,
            type INTEGER NOT NULL,
            outcome INTEGER NOT NULL,
            category TEXT,
            rule TEXT,
            upstream TEXT,
            upstream_us INTEGER NOT NULL,
            duration_us INTEGER NOT NULL,
            rcode INTEGER NOT NULL,
            answers TEXT,
            generation INTEGER NOT NULL);
        CREATE INDEX queries_time ON queries(time);
        CREATE INDEX queries_client_time ON queries(client_id, time);
        CREATE INDEX queries_name_time ON queries(name_id, time);
        CREATE INDEX queries_category_time ON queries(category, time) WHERE category IS NOT NULL;
        CREATE TABLE rollup_hour(hour INTEGER NOT NULL, client_id INTEGER NOT NULL, grp TEXT NOT NULL, queries INTEGER NOT NULL, blocked INTEGER NOT NULL,
            PRIMARY KEY(hour, client_id, grp));
        CREATE TABLE rollup_day_name(day INTEGER NOT NULL, client_id INTEGER NOT NULL, grp TEXT NOT NULL, name_id INTEGER NOT NULL, queries INTEGER NOT NULL, blocked INTEGER NOT NULL,
            PRIMARY KEY(day, client_id, grp, name_id));
        CREATE TABLE rollup_day_category(day INTEGER NOT NULL, client_id INTEGER NOT NULL, grp TEXT NOT NULL, category TEXT NOT NULL, blocked INTEGER NOT NULL,
            PRIMARY KEY(day, client_id, grp, category));
        """,
    ];
}
