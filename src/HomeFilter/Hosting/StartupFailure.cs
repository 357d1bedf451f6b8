using HomeFilter.Resolver.Transport;
using Microsoft.Extensions.Options;

namespace HomeFilter.Hosting;

/// <summary>Turns the failures a person can fix (addresses, configuration) into one line; anything else stays an exception.</summary>
internal static class StartupFailure
{
    public static string? Describe(Exception error) => error switch
    {
        ListenException listen => listen.Message,
        OptionsValidationException invalid => "Invalid configuration: " + string.Join(" ", invalid.Failures),
        IOException io when io.Message.Contains("bind", StringComparison.OrdinalIgnoreCase) =>
            $"Cannot serve the admin API: {io.Message} Choose another address with --admin http://127.0.0.1:8081 (HomeFilter:Admin:Listen) or set HomeFilter:Admin:Enabled=false.",
        InvalidOperationException config when config.Message.StartsWith("HomeFilter:", StringComparison.Ordinal) =>
            "Invalid configuration: " + config.Message,
        _ => null,
    };
}
