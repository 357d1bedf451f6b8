using System.Diagnostics;

namespace HomeFilter.Tests.Support;

/// <summary>The built program run as a child process, for what only a real process shows: exit codes and the console.</summary>
internal static class ProgramProcess
{
    /// <summary>Runs <c>dotnet HomeFilter.dll</c> with <paramref name="arguments"/> in <paramref name="workingDirectory"/> until it exits.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "HomeFilter.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // No colours or terminal tricks in what is compared.
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"HomeFilter {string.Join(' ', arguments)} did not exit within {timeout}: it started instead of stopping.");
        }

        return (process.ExitCode, await output, await error);
    }
}
