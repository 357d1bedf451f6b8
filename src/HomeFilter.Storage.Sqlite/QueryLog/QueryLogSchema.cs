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

        // 2: when each client was first and last seen and the group of its latest row, kept on the client so they
        // outlive row retention. The writer updates them once per client per batch. An existing log takes them from
        // its rows (exact) or, for clients whose rows are gone, from the hourly rollups (to the hour).
        """
        ALTER TABLE clients ADD COLUMN first_seen INTEGER;
        ALTER TABLE clients ADD COLUMN last_seen INTEGER;
        ALTER TABLE clients ADD COLUMN grp TEXT;
        UPDATE clients SET
            first_seen = (SELECT MIN(time) FROM queries WHERE client_id = clients.id),
            last_seen = (SELECT MAX(time) FROM queries WHERE client_id = clients.id),
            grp = (SELECT grp FROM queries WHERE client_id = clients.id ORDER BY time DESC, id DESC LIMIT 1);
        CREATE TEMP TABLE seen_rollup AS SELECT client_id, MIN(hour) AS first_hour, MAX(hour) AS last_hour FROM rollup_hour GROUP BY client_id;
        UPDATE clients SET
            first_seen = CASE WHEN first_seen IS NULL OR first_seen / 3600000 > s.first_hour THEN s.first_hour * 3600000 ELSE first_seen END,
            last_seen = COALESCE(last_seen, s.last_hour * 3600000),
            grp = COALESCE(grp, (SELECT r.grp FROM rollup_hour r WHERE r.hour = s.last_hour AND r.client_id = clients.id ORDER BY r.queries DESC LIMIT 1))
        FROM seen_rollup s WHERE s.client_id = clients.id;
        DROP TABLE seen_rollup;
        """,

        // 3: queries that were answered but are not in the log (dropped when the writer fell behind, given up after
        // store failures, lost in a crash): one row per client and span, so searches, digests and exports can say so.
        """
        CREATE TABLE gaps(id INTEGER PRIMARY KEY, time_from INTEGER NOT NULL, time_to INTEGER NOT NULL, client TEXT, count INTEGER NOT NULL, reason TEXT NOT NULL);
        CREATE INDEX gaps_time_to ON gaps(time_to);
        """,

        // 4: rollups are gathered in memory over several batches; this says up to which row they are stored, so a
        // start after a crash adds the rest from the rows. Every existing row is in the rollups already.
        """
        CREATE TABLE rollup_state(id INTEGER PRIMARY KEY CHECK (id = 1), row_id INTEGER NOT NULL);
        INSERT INTO rollup_state VALUES (1, (SELECT COALESCE(MAX(id), 0) FROM queries));
        """,

        // 5: who the client was: the device name it was recognised as, its MAC and the client ID an encrypted
        // transport presented. Few distinct values, written as text like the group (no dictionary to look up per
        // row); NULL on older rows and plain-DNS rows. ("client_id" already holds the address id, hence "dns_client_id".)
        // A device search walks the time index newest first, as a group search does.
        """
        ALTER TABLE queries ADD COLUMN device TEXT;
        ALTER TABLE queries ADD COLUMN mac TEXT;
        ALTER TABLE queries ADD COLUMN dns_client_id TEXT;
        """,

        // 6: the branch that answered and the row's place in that branch's stream, and per branch the highest
        // sequence stored, so a batch shipped twice is stored once.
        """
        ALTER TABLE queries ADD COLUMN branch TEXT;
        ALTER TABLE queries ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE branch_progress(branch TEXT PRIMARY KEY, last_sequence INTEGER NOT NULL);
        """,
    ];
}
