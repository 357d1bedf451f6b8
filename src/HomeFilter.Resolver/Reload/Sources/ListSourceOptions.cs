namespace HomeFilter.Resolver.Reload.Sources;

/// <summary>How category lists named by URL are downloaded, bound from <c>HomeFilter:Lists</c>.</summary>
public sealed class ListSourceOptions
{
    public const string SectionName = "HomeFilter:Lists";

    /// <summary>Hours a downloaded copy counts as current before it is asked for again.</summary>
    public double RefreshHours { get; set; } = 24;

    /// <summary>Seconds one download may take from request to last byte; a slower one fails and the last good copy stays.</summary>
    public int TimeoutSeconds { get; set; } = 60;

    /// <summary>Largest list accepted, in MiB: the bytes received and, for a gzip list, also its decompressed size.</summary>
    public int MaxMegabytes { get; set; } = 256;

    /// <summary>The User-Agent sent with every download (some list hosts refuse requests without one).</summary>
    public string UserAgent { get; set; } = "HomeFilter";

    /// <summary>
    /// What a category whose every list is a download with no copy yet does: <see cref="WhenCategoryHasNoList.Answer"/>
    /// (default, for a household: names are answered as usual and the build warns) or
    /// <see cref="WhenCategoryHasNoList.Refuse"/> (for a library: clients whose rules block that category get REFUSED
    /// for every name until a list loads).
    /// </summary>
    public WhenCategoryHasNoList WhenCategoryHasNoList { get; set; } = WhenCategoryHasNoList.Answer;

    /// <summary><see cref="MaxMegabytes"/> in bytes.</summary>
    public long MaxBytes => MaxMegabytes * 1024L * 1024L;

    /// <summary>Says in words which setting is out of range, or null when all are usable.</summary>
    public string? Validate()
    {
        if (!(RefreshHours > 0))
            return $"{SectionName}:RefreshHours must be more than 0 (is {RefreshHours}).";
        if (TimeoutSeconds <= 0)
            return $"{SectionName}:TimeoutSeconds must be more than 0 (is {TimeoutSeconds}).";
        if (MaxMegabytes <= 0)
            return $"{SectionName}:MaxMegabytes must be more than 0 (is {MaxMegabytes}).";
        if (!Enum.IsDefined(WhenCategoryHasNoList))
            return $"{SectionName}:WhenCategoryHasNoList must be answer or refuse (is {WhenCategoryHasNoList}).";
        if (string.IsNullOrWhiteSpace(UserAgent))
            return $"{SectionName}:UserAgent must not be empty.";
        return null;
    }
}
