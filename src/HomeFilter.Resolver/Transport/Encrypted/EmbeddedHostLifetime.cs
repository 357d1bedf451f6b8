using Microsoft.Extensions.Hosting;

namespace HomeFilter.Resolver.Transport.Encrypted;

/// <summary>
/// The DoH server's inner web host is started and stopped by the program's own host: it must not take Ctrl+C or
/// SIGTERM for itself or print its own "Application started" lines, as the default console lifetime would.
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
