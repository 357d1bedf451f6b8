using HomeFilter.Tests.Support;

namespace HomeFilter.Tests.Fuzzing;

/// <summary>
/// The bounded fuzzing run of CI: afl-fuzz drives each harness of fuzz/HomeFilter.Fuzz from its seed corpus for
/// <see cref="Seconds"/> seconds and must find no input that crashes or hangs it. Skipped without afl-fuzz (Debian
/// package afl++), except under CI=true, where a missing afl-fuzz is a failure. fuzz/README.md has the long run.
/// afl-fuzz keeps a core busy for the whole run, so it runs alone, after this project's other tests: the programs
/// those tests start must not be slowed past their start-up limits by it.
/// </summary>
[Collection(nameof(FuzzersFindNoCrashTests))]
public sealed class FuzzersFindNoCrashTests(FuzzScript script) : IClassFixture<FuzzScript>
{
    private const int Seconds = 20;

    /// <summary>One case per seed corpus, so a new harness with its corpus is fuzzed here without a change to this file.</summary>
    public static TheoryData<string> Targets()
    {
        var targets = new TheoryData<string>();
        var names = Directory.GetDirectories(Path.Combine(FuzzScript.RepositoryRoot, "fuzz", "corpus")).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        foreach (var name in names)
        {
            targets.Add(name!);
        }

        return targets;
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task Afl_fuzz_finds_no_crashing_or_hanging_input(string target)
    {
        ExternalTool.Require("afl-fuzz", "afl++");
        var build = Assert.NotNull(script.Build);
        Assert.True(build.ExitCode == 0, "fuzz/run.sh build failed:\n" + build.Output);

        var (exitCode, output) = await script.RunAsync([target, Seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "--no-build"], TimeSpan.FromMinutes(5));

        if (exitCode == 1)
        {
            script.Found = true;
        }

        Assert.True(exitCode == 0, $"fuzz/run.sh {target} {Seconds} exited {exitCode} (findings kept in {script.OutputDirectory}):\n{output}");
        Assert.Matches($"{target}: [1-9][0-9]* executions", output);
    }
}

/// <summary>The fuzzing run's own collection, run without parallel neighbours.</summary>
[CollectionDefinition(nameof(FuzzersFindNoCrashTests), DisableParallelization = true)]
public sealed class FuzzersFindNoCrashCollection;
