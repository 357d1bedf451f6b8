using System.Text.Json;
using System.Text.RegularExpressions;
using HomeFilter.Commands;
using HomeFilter.Rules.Policy.Document;

namespace HomeFilter.Tests.Commands;

/// <summary>
/// The policy documents shown in docs/policy.md pass <c>HomeFilter policy check</c> as written, lists included and
/// found where the program finds them (the bundled <c>blocklists/</c> beside the program), so a new user's first try works.
/// </summary>
public sealed partial class PolicyDocsExampleTests : IDisposable
{
    private static readonly HashSet<string> DocumentProperties = new(StringComparer.Ordinal)
    {
        "timeZone", "categories", "allow", "deny", "blockMode", "default", "groups", "local", "forward",
    };

    private readonly string _folder = Directory.CreateTempSubdirectory("homefilter-docs-").FullName;

    /// <summary>Every ```json block of the page that is a whole document, or a fragment of top-level properties (wrapped in braces).</summary>
    public static TheoryData<int, string> Documents()
    {
        var data = new TheoryData<int, string>();
        var markdown = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "policy.md"));
        var index = 0;
        foreach (Match block in JsonBlock().Matches(markdown))
        {
            index++;
            var text = block.Groups[1].Value.Trim();
            var json = text.StartsWith('{') ? text : "{" + text + "}";
            using var parsed = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            if (parsed.RootElement.EnumerateObject().All(p => DocumentProperties.Contains(p.Name)))
            {
                data.Add(index, json);
            }
        }

        return data;
    }

    [Fact]
    public void The_example_is_among_the_documents_checked()
        => Assert.Contains(Documents(), row => row.Data.Item1 == 1 && row.Data.Item2.Contains("\"groups\"", StringComparison.Ordinal));

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task Each_document_passes_policy_check(int block, string json)
    {
        var read = PolicyDocumentReader.Read(json);
        Assert.True(read.IsValid, $"block {block}: " + string.Join("; ", read.Errors));

        // A file on someone's machine cannot be checked here; the example must not name one. Downloads and catalog
        // ids are checked as far as offline allows: an id must be in the catalog, and the check says the list is
        // downloaded when HomeFilter runs.
        if (json.Contains("\"/", StringComparison.Ordinal))
        {
            Assert.NotEqual(1, block);
            return;
        }

        var (code, output, error) = await RunAsync("check", Write(json));
        Assert.True(code == 0, $"block {block}: {error}");
        Assert.StartsWith("valid:", output, StringComparison.Ordinal);
        Assert.Equal(json.Contains("https://", StringComparison.Ordinal) || CatalogId().IsMatch(json), error.Contains("is downloaded when HomeFilter runs", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("192.168.1.20", "www.instagram.com", "2026-11-28T12:00:00Z", "Blocked for group 'kids': category 'social'")]
    [InlineData("192.168.1.40", "cdn.tiktokcdn.com", "2026-11-28T12:00:00Z", "Blocked for group 'kids': category 'social'")]
    [InlineData("192.168.1.20", "news.example", "2026-11-29T22:30:00Z", "schedule")]
    [InlineData("192.168.1.20", "homework.example", "2026-11-29T22:30:00Z", "Allowed for group 'kids'")]
    [InlineData("192.168.1.99", "www.instagram.com", "2026-11-28T12:00:00Z", "Resolved normally")]
    [InlineData("192.168.1.99", "bad.example", "2026-11-28T12:00:00Z", "Blocked")]
    public async Task The_example_does_what_the_page_says(string client, string name, string time, string expected)
    {
        var example = Documents().First(row => row.Data.Item1 == 1).Data.Item2;
        var (code, output, error) = await RunAsync("explain", Write(example), "--client", client, "--name", name, "--time", time);
        Assert.True(code == 0, error);
        Assert.Contains(expected, output, StringComparison.Ordinal);
    }

    private string Write(string json)
    {
        var path = Path.Combine(_folder, "policy.json");
        File.WriteAllText(path, json);
        return path;
    }

    /// <summary>The command exactly as <c>HomeFilter policy …</c> runs it: no list folder given, so the bundled lists beside the program.</summary>
    private static async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await PolicyCommand.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static string RepositoryRoot()
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

    /// <summary>A quoted source with the shape of a catalog id (e.g. "hagezi-nsfw") inside a sources array.</summary>
    [GeneratedRegex(@"""sources"":\s*\[[^\]]*""[a-z0-9][a-z0-9]*-[a-z0-9-]+""")]
    private static partial Regex CatalogId();

    [GeneratedRegex(@"```json\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
