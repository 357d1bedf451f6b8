using System.Globalization;

namespace HomeFilter.Rules.Policy.Document;

/// <summary>
/// A change of the rules for one client or group that ends by itself at <see cref="Until"/>: <c>pause</c> (no filtering),
/// <c>allow</c> (the <see cref="Names"/> are allowed, a reward), <c>blockAll</c> (everything but the policy's allow
/// entries is blocked, dinner time). Once past its end it does nothing; it is never an error to keep one.
/// </summary>
public sealed class OverrideDefinition
{
    /// <summary>Kinds in the document.</summary>
    public const string PauseKind = "pause";

    /// <summary>Kinds in the document.</summary>
    public const string AllowKind = "allow";

    /// <summary>Kinds in the document.</summary>
    public const string BlockAllKind = "blockAll";

    /// <summary>Optional stable id (1–40 of <c>[A-Za-z0-9_-]</c>), unique in the document; the dashboard sets one.</summary>
    public string? Id { get; set; }

    /// <summary><c>pause</c>, <c>allow</c> or <c>blockAll</c>.</summary>
    public string Kind { get; set; } = "";

    /// <summary>The client address it applies to; exactly one of <see cref="Client"/> and <see cref="Group"/>.</summary>
    public string? Client { get; set; }

    /// <summary>The group it applies to (<c>default</c>: clients in no group).</summary>
    public string? Group { get; set; }

    /// <summary>For <c>allow</c>: the domains (with their subdomains) allowed.</summary>
    public List<string>? Names { get; set; }

    /// <summary>When it ends: ISO-8601 with <c>Z</c> or an offset.</summary>
    public string Until { get; set; } = "";

    /// <summary>Text for people (why it was given), at most 200 characters.</summary>
    public string? Note { get; set; }

    /// <summary>The end as an instant, or false when <see cref="Until"/> is not an ISO-8601 time with an offset.</summary>
    public bool TryGetUntil(out DateTimeOffset until) => TryParseUntil(Until, out until);

    /// <summary>Parses an override's end: ISO-8601 with <c>Z</c> or an explicit offset (a time without one would be ambiguous).</summary>
    public static bool TryParseUntil(string? text, out DateTimeOffset until)
    {
        until = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        var hasZone = trimmed.EndsWith('Z') || trimmed.EndsWith('z') || (trimmed.Length > 6 && trimmed[^6] is '+' or '-' && trimmed[^3] == ':');
        return hasZone && DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.None, out until);
    }

    /// <summary>The form written for <paramref name="until"/>: UTC, seconds, <c>Z</c>.</summary>
    public static string FormatUntil(DateTimeOffset until) => until.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
