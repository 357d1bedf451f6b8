namespace HomeFilter.Rules.Policy.Document;

/// <summary>The silent-device rule.</summary>
public sealed class SilenceSettings
{
    /// <summary>On unless false.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Minutes without a query, while other devices query, before the alert (default 30).</summary>
    public int Minutes { get; set; } = 30;
}
