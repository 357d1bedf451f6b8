using HomeFilter.Commands;

namespace HomeFilter.Tests.Commands;

public sealed class PolicyCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("homefilter-policycmd-").FullName;

    private string Write(string json)
    {
        File.WriteAllText(Path.Combine(_folder, "adult.txt"), "# adult\nadult.example\n");
        var path = Path.Combine(_folder, "policy.json");
        File.WriteAllText(path, json);
        return path;
    }

    private const string Example = """
    {
      "timeZone": "Europe/London",
      "categories": { "adult": { "sources": ["adult.txt"] } },
      "allow": ["homework.example"],
      "groups": [ { "name": "kids", "clients": ["192.168.1.20"], "block": ["adult"],
                    "schedules": [ { "name": "bedtime", "days": ["sun","mon","tue","wed","thu"], "from": "21:00", "to": "07:00", "block": ["*"] } ] } ]
    }
    """;

    private static async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await PolicyCommand.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Check_accepts_a_valid_policy()
    {
        var (code, output, _) = await RunAsync("check", Write(Example), "--lists", _folder);
        Assert.Equal(0, code);
        Assert.Contains("valid: 1 groups", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_lists_every_error_with_its_path()
    {
        var (code, _, error) = await RunAsync("check", Write("""{ "groups": [ { "name": "kids", "clients": ["nope"], "block": ["missing"] } ] }"""));
        Assert.Equal(1, code);
        Assert.Contains("$.groups[0].clients[0]", error, StringComparison.Ordinal);
        Assert.Contains("$.groups[0].block[0]", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("www.adult.example", "2026-11-28T12:00:00Z", "Blocked for group 'kids': category 'adult' (")]
    [InlineData("news.example", "2026-11-29T22:30:00Z", "schedule 'bedtime' blocks everything but the allow entries")]
    [InlineData("news.example", "2026-11-28T22:30:00Z", "Resolved normally for group 'kids'")] // Saturday night: no school tomorrow
    [InlineData("homework.example", "2026-11-29T22:30:00Z", "Allowed for group 'kids'")]
    public async Task Explain_says_what_and_why(string name, string time, string expected)
    {
        var (code, output, error) = await RunAsync("explain", Write(Example), "--client", "192.168.1.20", "--name", name, "--time", time, "--lists", _folder);
        Assert.True(code == 0, error);
        Assert.Contains(expected, output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("explain")]
    [InlineData("frobnicate", "x")]
    public async Task Bad_usage_is_exit_code_2(params string[] args) => Assert.Equal(2, (await RunAsync(args)).Code);

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
