using System.Globalization;

namespace HomeFilter.Branches.Policy;

/// <summary>
/// <c>policy-generation</c> in the data directory (0600): the central generation the local policy copy is, and when it
/// was saved, so a restart while the database is down still knows what it answers with.
/// </summary>
internal sealed class PolicyGenerationFile(string path)
{
    public (long Generation, DateTime? ChangedUtc) Read()
    {
        try
        {
            var parts = File.ReadAllText(path).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var generation = parts.Length > 0 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var g) ? g : 0;
            DateTime? changed = parts.Length > 1 && DateTime.TryParse(parts[1], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var c) ? c : null;
            return (generation, changed);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (0, null);
        }
    }

    public void Write(long generation, DateTime changedUtc)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, string.Create(CultureInfo.InvariantCulture, $"{generation} {changedUtc:O}\n"));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
