namespace HomeFilter.Admin;

/// <summary>Settings of the HTTP admin API, bound from <c>HomeFilter:Admin</c>.</summary>
public sealed class AdminOptions
{
    public const string Section = "HomeFilter:Admin";

    /// <summary>Serve the admin API at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>URL Kestrel listens on. Loopback by default: exposing it to the LAN is a deliberate choice.</summary>
    public string Listen { get; set; } = "http://127.0.0.1:8080";

    /// <summary>
    /// The bearer token clients must present. When empty, a random token is generated on first start and
    /// kept in <c>admin-token</c> in the data directory (readable by the owner only): there is never a default password.
    /// </summary>
    public string? Token { get; set; }
}
