using HomeFilter.Storage.Accounts;
using HomeFilter.Storage.Alerts;
using HomeFilter.Storage.Audit;
using HomeFilter.Storage.QueryLog;
using HomeFilter.Storage.Sqlite.Admin;
using HomeFilter.Storage.Sqlite.Alerts;
using HomeFilter.Storage.Sqlite.QueryLog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HomeFilter.Storage.Sqlite;

/// <summary>
/// Registers the SQLite stores and nothing else: the services that use them (log writer, retention, alert engine,
/// digests) are registered by their own projects, whichever store holds the rows.
/// </summary>
public static class SqliteServiceCollectionExtensions
{
    /// <summary>Dashboard accounts, API tokens and the audit log in <c>&lt;data&gt;/homefilter.db</c>.</summary>
    public static IServiceCollection AddSqliteAdminStore(this IServiceCollection services, string dataDirectory)
    {
        services.AddSingleton(_ => new SqliteAdminStore(Path.Combine(dataDirectory, "homefilter.db")));
        services.AddSingleton<IAccountStore>(sp => sp.GetRequiredService<SqliteAdminStore>());
        services.AddSingleton<IApiTokenStore>(sp => sp.GetRequiredService<SqliteAdminStore>());
        services.AddSingleton<IAuditStore>(sp => sp.GetRequiredService<SqliteAdminStore>());
        return services;
    }

    /// <summary>The query log in <c>&lt;data&gt;/querylog.db</c> (its options are bound by whoever registers the writer).</summary>
    public static IServiceCollection AddSqliteQueryLogStore(this IServiceCollection services, string dataDirectory)
    {
        services.AddSingleton<IQueryLogStore>(sp => new SqliteQueryLogStore(Path.Combine(dataDirectory, "querylog.db"), sp.GetRequiredService<IOptions<QueryLogOptions>>()));
        return services;
    }

    /// <summary>Alerts in <c>&lt;data&gt;/homefilter.db</c>.</summary>
    public static IServiceCollection AddSqliteAlertStore(this IServiceCollection services, string dataDirectory)
    {
        services.AddSingleton<IAlertStore>(_ => new SqliteAlertStore(Path.Combine(dataDirectory, "homefilter.db")));
        return services;
    }
}
