namespace HomeFilter.Rules.Policy.Document;

/// <summary>The night window.</summary>
public sealed class NightActivitySettings
{
    /// <summary>On unless false.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Start, local <c>HH:mm</c> (default 23:00).</summary>
    public string From { get; set; } = "23:00";

    /// <summary>End, local <c>HH:mm</c> (default 05:00).</summary>
    public string To { get; set; } = "05:00";
}
