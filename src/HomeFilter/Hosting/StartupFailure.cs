using HomeFilter.Admin;
using HomeFilter.Resolver.Transport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace HomeFilter.Hosting;

/// <summary>Turns the failures a person can fix (addresses, configuration, policy, lists) into one line; anything else stays an exception.</summary>
internal static class StartupFailure
{
    /// <param name="error">What the start threw.</param>
    /// <param name="adminListen">The configured admin API address, for a hint that names a different port.</param>
    public static string? Describe(Exception error, string? adminListen) => error switch
    {
        // Several services failing at once: the first is the one to fix first.
        AggregateException { InnerExceptions.Count: > 0 } many => Describe(many.InnerExceptions[0], adminListen),
        InvalidSettingsException invalid => invalid.Message,
        ListenException listen => listen.Message,
        OptionsValidationException invalid => "Invalid configuration: " + string.Join(" ", invalid.Failures),
        IOException io when io.Message.Contains("bind", StringComparison.OrdinalIgnoreCase) =>
            $"Cannot serve the admin API: {io.Message} Choose another address with --admin {OtherAdminAddress(adminListen)} (HomeFilter:Admin:Listen) or set HomeFilter:Admin:Enabled=false.",
        InvalidOperationException config when config.Message.StartsWith("HomeFilter:", StringComparison.Ordinal) =>
            "Cannot start: " + config.Message,
        _ => null,
    };

    /// <summary>The configured admin address on another port: 8080 instead of a privileged port, otherwise the next one.</summary>
    internal static string OtherAdminAddress(string? adminListen)
    {
        var first = (adminListen ?? new AdminOptions().Listen).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        BindingAddress address;
        try
        {
            address = BindingAddress.Parse(first.Length > 0 ? first[0] : new AdminOptions().Listen);
        }
        catch (FormatException)
        {
            return "http://127.0.0.1:8080";
        }

        var port = address.Port < 1024 ? 8080 : address.Port < 65535 ? address.Port + 1 : address.Port - 1;
        return $"{address.Scheme}://{address.Host}:{port}";
    }
}
