namespace HomeFilter.Compliance.Tests.RealServers;

/// <summary>
/// Finds the Debian-packaged DNS servers the validation tests run. Missing ones skip the test on a
/// developer's machine and fail it in CI (CI=true), where the CI script is expected to install them.
/// </summary>
internal static class ServerBinaries
{
    /// <summary>Executable name → the Debian package that ships it.</summary>
    public static readonly IReadOnlyDictionary<string, string> Packages = new Dictionary<string, string>
    {
        ["nsd"] = "nsd",
        ["unbound"] = "unbound",
        ["dnsmasq"] = "dnsmasq-base",
        ["pdns_recursor"] = "pdns-recursor",
    };

    private static readonly string[] ExtraDirectories = ["/usr/sbin", "/usr/local/sbin", "/sbin"];

    public static string? Find(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Concat(ExtraDirectories))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Returns the paths of <paramref name="names"/>, or skips (fails under CI=true) when any is missing.</summary>
    public static IReadOnlyDictionary<string, string> Require(params string[] names)
    {
        var found = names.ToDictionary(n => n, Find);
        var missing = found.Where(p => p.Value is null).Select(p => p.Key).ToArray();
        if (missing.Length > 0)
        {
            var packages = string.Join(' ', missing.Select(m => Packages[m]));
            var message = $"{string.Join(", ", missing)} not installed (apt-get install {packages})";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.Ordinal))
            {
                Assert.Fail($"CI=true but {message}: the CI script must install them.");
            }

            Assert.Skip($"{message}; these tests run the real servers on loopback. Set CI=true to make this a failure.");
        }

        return found.ToDictionary(p => p.Key, p => p.Value!);
    }
}
