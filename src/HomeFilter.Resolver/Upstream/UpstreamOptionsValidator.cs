using Microsoft.Extensions.Options;

namespace HomeFilter.Resolver.Upstream;

/// <summary>Checks every upstream setting at start, so a typo stops the start with a message naming the key and the entry.</summary>
public sealed class UpstreamOptionsValidator : IValidateOptions<UpstreamOptions>
{
    /// <summary>Upstreams are tracked in a 64-bit mask per query.</summary>
    public const int MaxUpstreams = 64;

    public ValidateOptionsResult Validate(string? name, UpstreamOptions options)
    {
        var errors = Collect(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Every problem found, each a complete sentence naming the setting.</summary>
    public static List<string> Collect(UpstreamOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string prefix = UpstreamOptions.Section + ":";
        var errors = new List<string>();
        var upstreams = options.EffectiveUpstreams;
        if (upstreams.Count > MaxUpstreams)
        {
            errors.Add($"{prefix}Upstreams lists {upstreams.Count} entries; at most {MaxUpstreams} are supported.");
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < upstreams.Count; i++)
        {
            if (!UpstreamAddress.TryParse(upstreams[i], out var address, out var error))
            {
                errors.Add($"{prefix}Upstreams[{i}]: {error}");
            }
            else if (!seen.Add(address.Text.Trim()))
            {
                errors.Add($"{prefix}Upstreams[{i}]: '{address.Text}' is listed twice.");
            }
        }

        Positive(errors, prefix + nameof(options.UpstreamTimeoutMs), options.UpstreamTimeoutMs);
        Positive(errors, prefix + nameof(options.UpstreamDeadlineMs), options.UpstreamDeadlineMs);
        Positive(errors, prefix + nameof(options.UpstreamFailuresBeforeDown), options.UpstreamFailuresBeforeDown);
        Positive(errors, prefix + nameof(options.UpstreamRetryBackoffMs), options.UpstreamRetryBackoffMs);
        Positive(errors, prefix + nameof(options.UpstreamMaxConnections), options.UpstreamMaxConnections);
        Positive(errors, prefix + nameof(options.UpstreamConnectionIdleTimeoutMs), options.UpstreamConnectionIdleTimeoutMs);
        if (options.UpstreamIdleConnections < 0)
        {
            errors.Add($"{prefix}{nameof(options.UpstreamIdleConnections)} must not be negative (it is {options.UpstreamIdleConnections}).");
        }

        if (options.UpstreamMaxRetryBackoffMs < options.UpstreamRetryBackoffMs)
        {
            errors.Add($"{prefix}{nameof(options.UpstreamMaxRetryBackoffMs)} ({options.UpstreamMaxRetryBackoffMs}) must be at least "
                + $"{nameof(options.UpstreamRetryBackoffMs)} ({options.UpstreamRetryBackoffMs}).");
        }

        if (!Enum.IsDefined(options.UpstreamSelection))
        {
            errors.Add($"{prefix}{nameof(options.UpstreamSelection)} must be Fastest or Ordered.");
        }

        for (var i = 0; i < options.UpstreamTlsPinnedSpkiSha256.Count; i++)
        {
            if (!SpkiPin.TryParse(options.UpstreamTlsPinnedSpkiSha256[i], out _))
            {
                errors.Add($"{prefix}{nameof(options.UpstreamTlsPinnedSpkiSha256)}[{i}]: '{options.UpstreamTlsPinnedSpkiSha256[i]}' is not "
                    + "a SHA-256 hash in base64 (44 characters) or hex (64 digits).");
            }
        }

        return errors;
    }

    private static void Positive(List<string> errors, string key, int value)
    {
        if (value <= 0)
        {
            errors.Add($"{key} must be greater than 0 (it is {value}).");
        }
    }
}
