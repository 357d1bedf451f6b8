using HomeFilter.Commands;
using HomeFilter.Hosting;
using HomeFilter.Resolver.Transport;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

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

try
{
    using var host = HomeFilterHost.Build(args);
    await host.RunAsync().ConfigureAwait(false);
    return 0;
}
catch (Exception e) when (StartupFailure.Describe(e) is { } line)
{
    // One line a person can act on, instead of a stack trace.
    await Console.Error.WriteLineAsync(line).ConfigureAwait(false);
    return 2;
}
