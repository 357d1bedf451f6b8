namespace HomeFilter.Storage.Sqlite.Admin;

/// <summary>Accounts, API tokens and the audit log in <c>homefilter.db</c>, beside the alerts (component "admin").</summary>
internal static class AdminSchema
{
    public const string Component = "admin";

    public static readonly string[] Migrations =
    [
        """
        CREATE TABLE accounts(
            id INTEGER PRIMARY KEY,
            user_name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            role INTEGER NOT NULL,
            password_hash TEXT NOT NULL,
            created INTEGER NOT NULL,
            last_login INTEGER);
        CREATE TABLE api_tokens(
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            role INTEGER NOT NULL,
            secret_hash TEXT NOT NULL UNIQUE,
            created INTEGER NOT NULL,
            created_by TEXT NOT NULL,
            last_used INTEGER);
        CREATE TABLE audit(
            id INTEGER PRIMARY KEY,
            time INTEGER NOT NULL,
            actor TEXT NOT NULL,
            address TEXT,
            action TEXT NOT NULL,
            target TEXT,
            before TEXT,
            after TEXT);
        CREATE INDEX audit_time ON audit(time);
        """,
    ];
}
