namespace HomeFilter.Monitoring.Activity;

/// <summary>
/// One device's most recent night against its own earlier nights.
/// </summary>
/// <param name="Client">The client address.</param>
/// <param name="Group">The group of its latest row (null: no group).</param>
/// <param name="Night">The local date the night started on.</param>
/// <param name="Window">The night window (local time) the counts are taken in.</param>
/// <param name="StartUtc">When the night began.</param>
/// <param name="EndUtc">When it ends (or ended).</param>
/// <param name="InProgress">The night is not over yet: <paramref name="Queries"/> is the count so far.</param>
/// <param name="Queries">Queries in the window of <paramref name="Night"/>.</param>
/// <param name="PreviousNights">Queries in each earlier night the device was known, the night before first.</param>
/// <param name="BaselineMean">Mean of <paramref name="PreviousNights"/> (0 without history).</param>
/// <param name="BaselineMedian">Median of <paramref name="PreviousNights"/> (0 without history).</param>
/// <param name="Ratio">Queries ÷ median; null when the median is 0.</param>
/// <param name="Unusual">At least three earlier nights and queries ≥ max(minimum, factor × median).</param>
public sealed record DeviceNightActivity(
    string Client,
    string? Group,
    DateOnly Night,
    NightWindow Window,
    DateTime StartUtc,
    DateTime EndUtc,
    bool InProgress,
    long Queries,
    IReadOnlyList<long> PreviousNights,
    double BaselineMean,
    double BaselineMedian,
    double? Ratio,
    bool Unusual);
