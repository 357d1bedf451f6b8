namespace HomeFilter.Hosting;

/// <summary>
/// The data directory holds what people looked up, device names, password hashes and tokens: it is owner-only
/// (0700), and so are the files in it that hold such data (0600), whatever the umask. A directory or file found
/// wider (an older version, a copy, a hand edit) is tightened at start; the caller logs what was. Unix only.
/// </summary>
internal static class PrivateDataDirectory
{
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Files (relative to the data directory) that hold people's data; SQLite's companions are covered too.</summary>
    public static readonly string[] PrivateFiles = ["querylog.db", "homefilter.db", "admin-token", "rules.bin", "policy.json"];

    /// <summary>Directories under the data directory that may hold people's data (the log files name clients).</summary>
    public static readonly string[] PrivateDirectories = ["logs", "keys"];

    private static readonly string[] SqliteCompanions = ["", "-wal", "-shm", "-journal"];

    /// <summary>Creates the data directory owner-only when missing and tightens what is wider; returns what it tightened.</summary>
    public static IReadOnlyList<string> Prepare(string dataDirectory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(dataDirectory);
            return [];
        }

        var tightened = new List<string>();
        if (!Directory.Exists(dataDirectory))
        {
            Directory.CreateDirectory(dataDirectory, DirectoryMode);
        }

        Tighten(dataDirectory, DirectoryMode, tightened);
        foreach (var directory in PrivateDirectories)
        {
            var path = Path.Combine(dataDirectory, directory);
            if (Directory.Exists(path))
            {
                Tighten(path, DirectoryMode, tightened);
            }
        }

        foreach (var file in PrivateFiles)
        {
            foreach (var companion in SqliteCompanions)
            {
                var path = Path.Combine(dataDirectory, file + companion);
                if (File.Exists(path))
                {
                    Tighten(path, FileMode, tightened);
                }
            }
        }

        return tightened;
    }

    /// <summary>True when group or others have any access: only then is the mode changed.</summary>
    public static bool IsWider(UnixFileMode mode) =>
        (mode & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute)) != 0;

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void Tighten(string path, UnixFileMode mode, List<string> tightened)
    {
        if (IsWider(File.GetUnixFileMode(path)))
        {
            File.SetUnixFileMode(path, mode);
            tightened.Add(path);
        }
    }
}
