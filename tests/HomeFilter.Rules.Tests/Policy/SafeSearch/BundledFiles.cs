namespace HomeFilter.Rules.Tests.Policy.SafeSearch;

/// <summary>Paths of the lists shipped in the repository's <c>blocklists/</c> folder.</summary>
internal static class BundledFiles
{
    public static string Folder { get; } = Path.Combine(FindRepositoryRoot(), "blocklists");

    public static string PathOf(string relative) => Path.Combine(Folder, relative);

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HomeFilter.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("HomeFilter.sln not found above " + AppContext.BaseDirectory);
    }
}
