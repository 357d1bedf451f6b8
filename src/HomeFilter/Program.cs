using HomeFilter.Admin;
using HomeFilter.Commands;
using HomeFilter.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

if (args.Length > 0 && args[0] == "lists")
{
    return await ListsCommand.RunAsync(args[1..], Console.Out, Console.Error).ConfigureAwait(false);
}

if (args.Length > 0 && args[0] == "evidence")
{
    return await EvidenceCommand.RunAsync(args[1..], Console.Out, Console.Error).ConfigureAwait(false);
}

if (args.Length > 0 && args[0] == "policy")
{
    return await PolicyCommand.RunAsync(args[1..], Console.Out, Console.Error).ConfigureAwait(false);
}

if (args.Length > 0 && args[0] == "tls")
{
    return await TlsCommand.RunAsync(args[1..], Console.Out, Console.Error).ConfigureAwait(false);
}

if (args.Length > 0 && args[0] == "store")
{
    return await StoreCommand.RunAsync(args[1..], Console.Out, Console.Error).ConfigureAwait(false);
}

if (CommandLineCheck.WantsHelp(args))
{
    await Console.Out.WriteAsync(Usage.Text + Environment.NewLine).ConfigureAwait(false);
    return 0;
}

if (CommandLineCheck.WantsVersion(args))
{
    await Console.Out.WriteLineAsync(Usage.Version).ConfigureAwait(false);
    return 0;
}

if (CommandLineCheck.Problem(args) is { } problem)
{
    // The configuration would ignore it without a word; a typo in a switch must not start a different server.
    await Console.Error.WriteLineAsync(problem).ConfigureAwait(false);
    return 2;
}

IHost host;
try
{
    host = HomeFilterHost.Build(args);
}
catch (InvalidSettingsException e)
{
    await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
    return 2;
}

// Read before running: the host disposes itself (and its configuration) when the start fails.
var adminListen = host.Services.GetRequiredService<IConfiguration>()[AdminOptions.Section + ":Listen"];
using (host)
{
    try
    {
        try
        {
            await host.StartAsync().ConfigureAwait(false);
        }
        catch
        {
            // The services that did start are stopped as at any stop. Left to the host's disposal instead, a
            // background service cancelled there reports itself as failed, with its stack trace, under the one line.
            await StopAfterFailedStartAsync(host).ConfigureAwait(false);
            throw;
        }

        await host.WaitForShutdownAsync().ConfigureAwait(false);
        return 0;
    }
    catch (OperationCanceledException)
    {
        // Asked to stop (SIGTERM, Ctrl+C) while still starting: a stop, not a failure.
        return 0;
    }
    catch (Exception e) when (StartupFailure.Describe(e, adminListen) is { } line)
    {
        // One line a person can act on, instead of a stack trace.
        await Console.Error.WriteLineAsync(line).ConfigureAwait(false);
        return 2;
    }
}

static async Task StopAfterFailedStartAsync(IHost host)
{
    try
    {
        await host.StopAsync().ConfigureAwait(false);
    }
    catch (Exception e) when (e is OperationCanceledException or AggregateException or InvalidOperationException or ObjectDisposedException)
    {
        // The start's own failure is the one to report; a service that also fails to stop adds nothing to fix.
    }
}
