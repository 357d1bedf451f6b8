using Microsoft.Extensions.Configuration;

namespace HomeFilter.Hosting;

/// <summary>Where HomeFilter keeps its files: one data directory, relative paths taken from the working directory.</summary>
internal static class HomeFilterPaths
{
    public const string DataDirectoryKey = "HomeFilter:DataDirectory";

    public static string DataDirectory(IConfiguration configuration)
    {
        var configured = configuration[DataDirectoryKey];
        return Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? "data" : configured);
    }
}
