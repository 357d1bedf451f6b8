namespace HomeFilter.Dashboard.Tests;

/// <summary>What these tests need on the machine; a missing piece skips the test, or fails it under CI, which installs them.</summary>
internal static class Prerequisites
{
    public const string Chromium = "/usr/bin/chromium";

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string? Find(string name)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Skips (or fails under CI) when <paramref name="reason"/> is not null.</summary>
    public static void Require(string? reason)
    {
        if (reason is null)
        {
            return;
        }

        if (InCi)
        {
            Assert.Fail(reason + " CI must install it (.ci/run).");
        }

        Assert.Skip(reason);
    }

    public static string RequireDig()
    {
        var dig = Find("dig");
        Require(dig is null ? "'dig' is not installed (Debian package bind9-dnsutils)." : null);
        return dig!;
    }

    /// <summary>Where screenshots are saved: HOMEFILTER_SCREENSHOTS, else artifacts/screenshots at the repository root.</summary>
    public static string ScreenshotDirectory()
    {
        var configured = Environment.GetEnvironmentVariable("HOMEFILTER_SCREENSHOTS");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Directory.CreateDirectory(configured).FullName;
        }

        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "HomeFilter.sln")))
        {
            directory = directory.Parent;
        }

        var root = directory?.FullName ?? Path.GetTempPath();
        return Directory.CreateDirectory(Path.Combine(root, "artifacts", "screenshots")).FullName;
    }
}
