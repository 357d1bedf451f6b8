using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serilog;
using Serilog.Formatting.Json;

namespace HomeFilter.Hosting;

/// <summary>Console for people, a rolling structured (JSON lines) file under the data directory for later reading.</summary>
internal static class LoggingSetup
{
    public static void AddHomeFilterLogging(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        var logFile = Path.Combine(dataDirectory, "logs", "homefilter-.log");
        services.AddSerilog((_, logger) => logger
            .ReadFrom.Configuration(configuration)
            .Enrich.FromLogContext()
            .WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            .WriteTo.File(
                new JsonFormatter(renderMessage: true),
                logFile,
                rollingInterval: RollingInterval.Day,
                fileSizeLimitBytes: 50L * 1024 * 1024,
                rollOnFileSizeLimit: true,
                retainedFileCountLimit: 14));
    }
}
