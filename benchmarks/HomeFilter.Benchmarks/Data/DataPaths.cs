namespace HomeFilter.Benchmarks.Data;

/// <summary>Finds the shared real-data folder, which lives beside the repository (../shared/data/real).</summary>
public static class DataPaths
{
    /// <summary>The real-data folder, or null when it is not present on this machine.</summary>
    public static string? RealData { get; } = FindRealData();

    /// <summary>The real blocklists folder, or null.</summary>
    public static string? Blocklists => RealData is null ? null : Existing(Path.Combine(RealData, "blocklists"));

    /// <summary>The Umbrella top-100k names (popular, mostly unlisted), or null.</summary>
    public static string? UmbrellaTop => RealData is null ? null : ExistingFile(Path.Combine(RealData, "traffic", "umbrella-top-100k.txt.gz"));

    private static string? FindRealData()
    {
        // BenchmarkDotNet runs each benchmark from a generated folder under bin/, so walk up to the repository.
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "HomeFilter.sln")))
            {
                return Existing(Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "data", "real")));
            }
        }

        return null;
    }

    private static string? Existing(string path) => Directory.Exists(path) ? path : null;

    private static string? ExistingFile(string path) => File.Exists(path) ? path : null;
}
