using HomeFilter.Storage.Accounts;
using HomeFilter.Storage.Alerts;
using HomeFilter.Storage.Audit;
using HomeFilter.Storage.Branches;
using HomeFilter.Storage.Postgres.Admin;
using HomeFilter.Storage.Postgres.Alerts;
using HomeFilter.Storage.Postgres.Branches;
using HomeFilter.Storage.Postgres.Common;
using HomeFilter.Storage.Postgres.QueryLog;
using HomeFilter.Storage.QueryLog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HomeFilter.Storage.Postgres;

/// <summary>
/// Registers the PostgreSQL stores and nothing else (the services that use them come from their own projects). Every
/// store shares one <see cref="PostgresDatabase"/> (one pooled data source), registered by the first call.
/// </summary>
public static class PostgresServiceCollectionExtensions
{
    /// <summary>The shared data source for <paramref name="connectionString"/> (Npgsql format).</summary>
    public static IServiceCollection AddPostgresDatabase(this IServiceCollection services, string connectionString)
    {
        services.TryAddSingleton(_ => PostgresDatabase.Create(connectionString));
        return services;
    }

    /// <summary><see cref="IQueryLogStore"/> (its options are bound by whoever registers the writer).</summary>
    public static IServiceCollection AddPostgresQueryLogStore(this IServiceCollection services, string connectionString)
    {
        services.AddPostgresDatabase(connectionString);
        services.AddSingleton<IQueryLogStore>(sp => new PostgresQueryLogStore(sp.GetRequiredService<PostgresDatabase>(), sp.GetRequiredService<IOptions<QueryLogOptions>>()));
        return services;
    }

    /// <summary><see cref="IAlertStore"/>.</summary>
    public static IServiceCollection AddPostgresAlertStore(this IServiceCollection services, string connectionString)
    {
        services.AddPostgresDatabase(connectionString);
        services.AddSingleton<IAlertStore>(sp => new PostgresAlertStore(sp.GetRequiredService<PostgresDatabase>()));
        return services;
    }

    /// <summary><see cref="IAccountStore"/>, <see cref="IApiTokenStore"/> and <see cref="IAuditStore"/>, one store.</summary>
    public static IServiceCollection AddPostgresAdminStore(this IServiceCollection services, string connectionString)
    {
        services.AddPostgresDatabase(connectionString);
        services.AddSingleton(sp => new PostgresAdminStore(sp.GetRequiredService<PostgresDatabase>()));
        services.AddSingleton<IAccountStore>(sp => sp.GetRequiredService<PostgresAdminStore>());
        services.AddSingleton<IApiTokenStore>(sp => sp.GetRequiredService<PostgresAdminStore>());
        services.AddSingleton<IAuditStore>(sp => sp.GetRequiredService<PostgresAdminStore>());
        return services;
    }

    /// <summary><see cref="IPolicyStore"/> and <see cref="IBranchRegistry"/>, for a branch network.</summary>
    public static IServiceCollection AddPostgresBranchStores(this IServiceCollection services, string connectionString)
    {
        services.AddPostgresDatabase(connectionString);
        services.AddSingleton<IPolicyStore>(sp => new PostgresPolicyStore(sp.GetRequiredService<PostgresDatabase>()));
        services.AddSingleton<IBranchRegistry>(sp => new PostgresBranchRegistry(sp.GetRequiredService<PostgresDatabase>()));
        return services;
    }
}
