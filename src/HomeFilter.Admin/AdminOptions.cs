namespace HomeFilter.Admin;

/// <summary>Settings of the admin API and dashboard, bound from <c>HomeFilter:Admin</c>.</summary>
public sealed class AdminOptions
{
    public const string Section = "HomeFilter:Admin";

    /// <summary>Serve the admin API and dashboard at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>URL Kestrel listens on. Loopback by default: exposing it to the LAN is a deliberate choice.</summary>
    public string Listen { get; set; } = "http://127.0.0.1:8080";

    /// <summary>
    /// The machine token automation may present as <c>Authorization: Bearer</c>. When empty, a random token is
    /// generated on first start and kept in <c>admin-token</c> in the data directory (readable by the owner only).
    /// </summary>
    public string? Token { get; set; }

    /// <summary>
    /// For unattended installs: when no account exists at start, an admin account <see cref="InitialUser"/> is made with
    /// this password. Without it the first account is made on the dashboard's set-up page, from loopback only.
    /// </summary>
    public string? InitialPassword { get; set; }

    /// <summary>User name of the account <see cref="InitialPassword"/> makes.</summary>
    public string InitialUser { get; set; } = "admin";

    /// <summary>Login and set-up attempts allowed per client address per minute; beyond it 429 until the minute is over.</summary>
    public int LoginAttemptsPerMinute { get; set; } = 10;

    /// <summary>A dashboard session ends after this long without a request.</summary>
    public int SessionIdleHours { get; set; } = 168;
}
