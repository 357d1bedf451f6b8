using HomeFilter.Hosting;

namespace HomeFilter.Tests.Hosting;

public sealed class CommandLineCheckTests
{
    [Theory]
    [InlineData()]
    [InlineData("--listen", "127.0.0.1:5353")]
    [InlineData("--listen=127.0.0.1:5353", "--upstream", "9.9.9.9", "--allow", "10.0.0.0/8", "--data", "/tmp/x", "--admin", "http://127.0.0.1:8081")]
    [InlineData("--HomeFilter:Dns:UpstreamTimeoutMs=500")]
    [InlineData("--HomeFilter:Dns:UpstreamTimeoutMs", "500")]
    [InlineData("/HomeFilter:DataDirectory", "/tmp/data")]
    [InlineData("--Serilog:MinimumLevel:Default=Debug", "--environment", "Development")]
    public void Accepts_switches_and_configuration_keys(params string[] args) => Assert.Null(CommandLineCheck.Problem(args));

    [Theory]
    [InlineData("unknown option '--lisen'", "--lisen", "127.0.0.1:5353")]
    [InlineData("unknown option '--verbose'", "--verbose")]
    [InlineData("unknown option '-x'", "-x")]
    [InlineData("unknown option '-listen'", "-listen", "127.0.0.1:5353")]
    [InlineData("unknown option '--'", "--")]
    [InlineData("unknown command 'serve'", "serve")]
    [InlineData("unexpected argument 'extra'", "--listen", "127.0.0.1:5353", "extra")]
    [InlineData("option '--listen' needs a value", "--listen")]
    [InlineData("option '--HomeFilter:DataDirectory' needs a value", "--data", "x", "--HomeFilter:DataDirectory")]
    public void Names_what_the_configuration_would_silently_ignore(string expected, params string[] args)
    {
        var problem = CommandLineCheck.Problem(args);
        Assert.NotNull(problem);
        Assert.StartsWith(expected, problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', problem);
    }

    [Theory]
    [InlineData(true, "--help")]
    [InlineData(true, "-h")]
    [InlineData(true, "help")]
    [InlineData(true, "--listen", "127.0.0.1:5353", "--help")]
    [InlineData(false, "--listen", "127.0.0.1:5353")]
    [InlineData(false, "--data", "help")]
    public void Finds_a_request_for_help(bool expected, params string[] args) => Assert.Equal(expected, CommandLineCheck.WantsHelp(args));
}
