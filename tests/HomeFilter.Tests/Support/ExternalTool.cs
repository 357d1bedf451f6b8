using System.Diagnostics;

namespace HomeFilter.Tests.Support;

/// <summary>
/// Real programs (dig, kdig) used as independent clients. On a developer machine without them a test skips
/// with the reason; under CI (CI=true) a missing tool is a failure, because CI installs them.
/// </summary>
internal static class ExternalTool
{
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Returns the tool's full path, or skips (fails under CI) when it is not installed.</summary>
    public static string Require(string name, string debianPackage)
    {
        var path = Find(name);
        if (path is not null)
        {
            return path;
        }

        var reason = $"'{name}' is not installed (Debian package {debianPackage}).";
        if (InCi)
        {
            Assert.Fail(reason + " CI must install it (.ci/run).");
        }

        Assert.Skip(reason);
        return string.Empty;
    }

    public static string? Find(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// Runs a tool to completion (bounded by a timeout) and returns its exit code and its output (standard output, then
    /// standard error), optionally in <paramref name="workingDirectory"/> with extra <paramref name="environment"/>.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string path, IEnumerable<string> arguments, TimeSpan timeout, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        using var cancel = new CancellationTokenSource(timeout);
        var output = process.StandardOutput.ReadToEndAsync(cancel.Token);
        var error = process.StandardError.ReadToEndAsync(cancel.Token);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{path} {string.Join(' ', start.ArgumentList)} did not finish within {timeout}.");
        }

        return (process.ExitCode, await output + await error);
    }
}
