using System.Net.Sockets;
using HomeFilter.Storage.Postgres;
using HomeFilter.Storage.Postgres.Common;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace HomeFilter.Hosting.Postgres;

/// <summary>
/// Applies the PostgreSQL migrations in the background, retrying with back-off while the server cannot be reached,
/// so the program starts and answers DNS with the database away; each failure is one log line and the reason shows
/// in <c>/health/ready</c> until it succeeds.
/// </summary>
internal sealed partial class PostgresSchemaService(PostgresDatabase database, PostgresStoreStatus status, ILogger<PostgresSchemaService> logger) : BackgroundService
{
    private static readonly int[] DelaysSeconds = [1, 2, 5, 10, 30];

    /// <summary>Tries once before the other services start, so a reachable database is ready before the first query.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await TryMigrateAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 0; !status.Available; attempt++)
        {
            await Task.Delay(TimeSpan.FromSeconds(DelaysSeconds[Math.Min(attempt, DelaysSeconds.Length - 1)]), stoppingToken).ConfigureAwait(false);
            await TryMigrateAsync(stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task TryMigrateAsync(CancellationToken cancellationToken)
    {
        try
        {
            await PostgresSchema.MigrateAllAsync(database, cancellationToken).ConfigureAwait(false);
            status.SetAvailable();
            LogReady(logger, database.Describe());
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException or IOException)
        {
            var problem = $"PostgreSQL {database.Describe()}: {e.Message.ReplaceLineEndings(" ")}";
            status.SetProblem(problem);
            LogUnavailable(logger, problem);
        }
    }

    [LoggerMessage(EventId = 960, Level = LogLevel.Information, Message = "PostgreSQL store ready ({Database}).")]
    private static partial void LogReady(ILogger logger, string database);

    [LoggerMessage(EventId = 961, Level = LogLevel.Warning, Message = "The PostgreSQL store is unavailable, retrying: {Problem}")]
    private static partial void LogUnavailable(ILogger logger, string problem);
}
