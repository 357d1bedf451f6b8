using HomeFilter.Tests.Support;

namespace HomeFilter.Tests.Fuzzing;

/// <summary>
/// fuzz/run.sh, built and instrumented once for the whole class; every run writes into one temporary directory,
/// which is kept (and named in the failure) when something was found.
/// </summary>
public sealed class FuzzScript : IAsyncLifetime
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(10);

    private readonly string _output = Path.Combine(Path.GetTempPath(), $"homefilter-fuzz-{Environment.ProcessId}");

    /// <summary>The build's own configuration, so the publish reuses what <c>dotnet test</c> just compiled.</summary>
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public string OutputDirectory => _output;

    public bool Found { get; set; }

    /// <summary>Null before the build, or when afl-fuzz is missing (each test then skips or fails itself).</summary>
    public (int ExitCode, string Output)? Build { get; private set; }

    public async ValueTask InitializeAsync()
    {
        if (ExternalTool.Find("afl-fuzz") is null)
        {
            return;
        }

        Build = await RunAsync(["build"], BuildTimeout);
    }

    public ValueTask DisposeAsync()
    {
        if (!Found && Directory.Exists(_output))
        {
            Directory.Delete(_output, recursive: true);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Runs <c>bash fuzz/run.sh</c> with <paramref name="arguments"/>, bounded by <paramref name="timeout"/>.</summary>
    public Task<(int ExitCode, string Output)> RunAsync(IEnumerable<string> arguments, TimeSpan timeout) =>
        ExternalTool.RunAsync(
            "bash",
            [Path.Combine(RepositoryRoot, "fuzz", "run.sh"), .. arguments],
            timeout,
            RepositoryRoot,
            new Dictionary<string, string> { ["FUZZ_OUT"] = _output, ["FUZZ_CONFIGURATION"] = Configuration });

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
