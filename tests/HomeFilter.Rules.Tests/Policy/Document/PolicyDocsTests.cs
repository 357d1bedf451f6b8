using System.Text.RegularExpressions;
using HomeFilter.Rules.Policy.Document;

namespace HomeFilter.Rules.Tests.Policy.Document;

/// <summary>The JSON examples in docs/policy.md are valid, and its main example is the one the tests use.</summary>
public partial class PolicyDocsTests
{
    private static readonly Lazy<string> Page = new(() => File.ReadAllText(Path.Combine(PolicyTestDocuments.RepositoryRoot(), "docs", "policy.md")));

    [Fact]
    public void The_main_example_is_the_tested_one()
    {
        var first = JsonBlocks().Match(Page.Value).Groups["json"].Value;

        Assert.Equal(Squeeze(PolicyTestDocuments.Example), Squeeze(first));
    }

    [Fact]
    public void Every_json_example_is_valid_once_wrapped_into_a_document()
    {
        var blocks = JsonBlocks().Matches(Page.Value).Select(m => m.Groups["json"].Value.Trim()).ToList();
        Assert.True(blocks.Count >= 6, $"only {blocks.Count} examples found");

        foreach (var block in blocks)
        {
            var result = PolicyDocumentReader.Read(Wrap(block));
            Assert.True(result.IsValid, block + "\n" + string.Join("\n", result.Errors));
        }
    }

    // Fragments on the page are a property ("local": [...]), a group, or a schedule; give them the document around them.
    private static string Wrap(string block)
    {
        const string Categories = "\"categories\":{\"adult\":{\"sources\":[\"a.txt\"]},\"social\":{\"sources\":[\"s.txt\"]},\"gambling\":{\"sources\":[\"g.txt\"]}}";
        if (block.Contains("\"groups\"", StringComparison.Ordinal))
        {
            return block;
        }

        if (block.StartsWith("\"categories\"", StringComparison.Ordinal))
        {
            return "{" + block + "}";
        }

        if (block.StartsWith("\"alerts\"", StringComparison.Ordinal))
        {
            return "{" + Categories + ",\"default\":{" + block + "}}";
        }

        if (block.StartsWith('"'))
        {
            return "{" + Categories + "," + block + "}";
        }

        if (block.Contains("\"clients\"", StringComparison.Ordinal))
        {
            return "{" + Categories + ",\"groups\":[" + block + "]}";
        }

        if (block.Contains("\"from\"", StringComparison.Ordinal))
        {
            return "{" + Categories + ",\"default\":{\"schedules\":[" + block + "]}}";
        }

        return block;
    }

    private static string Squeeze(string text) => WhiteSpace().Replace(text, "");

    [GeneratedRegex("```json\\n(?<json>.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlocks();

    [GeneratedRegex("\\s+")]
    private static partial Regex WhiteSpace();
}
