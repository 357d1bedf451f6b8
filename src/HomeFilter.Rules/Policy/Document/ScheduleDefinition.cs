namespace HomeFilter.Rules.Policy.Document;

/// <summary>A weekly window that adds blocks; <see cref="From"/> after <see cref="To"/> crosses midnight.</summary>
public sealed class ScheduleDefinition
{
    /// <summary>Optional name for explanations (e.g. "bedtime").</summary>
    public string? Name { get; set; }

    /// <summary>Days the window starts on: <c>mon</c>…<c>sun</c>; all days when empty.</summary>
    public List<string> Days { get; set; } = [];

    /// <summary>Start, local time <c>HH:mm</c>.</summary>
    public string From { get; set; } = "";

    /// <summary>End, local time <c>HH:mm</c> (exclusive); equal to <see cref="From"/> means the whole day.</summary>
    public string To { get; set; } = "";

    /// <summary>Categories blocked during the window, or <c>"*"</c>.</summary>
    public List<string> Block { get; set; } = [];
}
