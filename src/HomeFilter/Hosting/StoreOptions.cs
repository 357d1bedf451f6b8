using HomeFilter.Storage.Postgres.Common;
using Microsoft.Extensions.Configuration;

namespace HomeFilter.Hosting;

/// <summary>Which engine holds the query log, alerts and accounts: <c>HomeFilter:Store</c>.</summary>
internal sealed class StoreOptions
{
    public const string Section = "HomeFilter:Store";
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    /// <summary><c>sqlite</c> (default: files in the data directory) or <c>postgres</c> (a branch network's shared database).</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>Npgsql format (<c>Host=…;Database=…;Username=…;Password=…</c>); required for <c>postgres</c>.</summary>
    public string? ConnectionString { get; set; }

    public bool IsPostgres => string.Equals(Provider, Postgres, StringComparison.OrdinalIgnoreCase);

    public static StoreOptions From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<StoreOptions>() ?? new StoreOptions();

    /// <summary>One line per problem, each naming the setting to fix.</summary>
    public IEnumerable<string> Problems()
    {
        if (!IsPostgres && !string.Equals(Provider, Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            yield return $"Unknown store provider '{Provider}'. Fix HomeFilter:Store:Provider (sqlite or postgres).";
            yield break;
        }

        if (IsPostgres && PostgresDatabase.Problem(ConnectionString) is { } problem)
        {
            yield return $"The PostgreSQL store cannot be used: {problem}. Fix HomeFilter:Store:ConnectionString.";
        }
    }
}
