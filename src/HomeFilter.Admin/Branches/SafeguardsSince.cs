using System.Globalization;

namespace HomeFilter.Admin.Branches;

/// <summary>
/// When a branch's safeguards (what the public page says) last changed: <c>safeguards-since</c> in the data
/// directory keeps, per branch, the text the page showed and since when. A change of policy that leaves them as they
/// were keeps the date.
/// </summary>
internal sealed class SafeguardsSince(string path)
{
    private readonly Lock _gate = new();

    /// <summary>Since when <paramref name="summary"/> holds for <paramref name="branch"/>; <paramref name="changedUtc"/> when it is new.</summary>
    public DateTime Since(string branch, string summary, DateTime changedUtc)
    {
        var fingerprint = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(summary)))[..16];
        lock (_gate)
        {
            var lines = File.Exists(path) ? new List<string>(File.ReadAllLines(path)) : [];
            for (var i = 0; i < lines.Count; i++)
            {
                var parts = lines[i].Split(' ');
                if (parts.Length == 3 && parts[0] == Key(branch))
                {
                    if (parts[1] == fingerprint && DateTime.TryParse(parts[2], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var since))
                    {
                        return since;
                    }

                    lines.RemoveAt(i);
                    break;
                }
            }

            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{Key(branch)} {fingerprint} {changedUtc:O}"));
            try
            {
                File.WriteAllLines(path, lines);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The page still shows the date; it is only not remembered.
            }

            return changedUtc;
        }
    }

    private static string Key(string branch) => branch.Length == 0 ? "-" : branch;
}
