using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using HomeFilter.Rules.Lists;
using HomeFilter.Rules.Trie;

namespace HomeFilter.Rules.Tests.Lists;

/// <summary>
/// Each list format against a checked-in input and expected output (Golden/NAME.txt →
/// Golden/NAME.expected.txt). Set HOMEFILTER_UPDATE_GOLDEN=1 to rewrite the expected files after a
/// deliberate change, then review the diff.
/// </summary>
public class GoldenListTests
{
    [Theory]
    [InlineData("hosts", ListFormat.Hosts)]
    [InlineData("domains", ListFormat.Domains)]
    [InlineData("wildcard", ListFormat.Wildcard)]
    [InlineData("adblock", ListFormat.Adblock)]
    [InlineData("auto", ListFormat.Auto)]
    [InlineData("hosts", ListFormat.Auto)]
    [InlineData("adblock", ListFormat.Auto)]
    public void List_parses_to_the_expected_entries_and_report(string name, ListFormat format)
    {
        var input = Path.Combine(AppContext.BaseDirectory, "Golden", name + ".txt");
        var actual = Render(input, format);
        var expectedName = format == ListFormat.Auto && name != "auto" ? $"{name}.auto.expected.txt" : $"{name}.expected.txt";

        if (Environment.GetEnvironmentVariable("HOMEFILTER_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(Path.Combine(SourceGoldenDirectory(), expectedName), actual);
        }

        var expected = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", expectedName));
        Assert.Equal(expected.ReplaceLineEndings("\n"), actual);
    }

    private static string Render(string path, ListFormat format)
    {
        using var stream = File.OpenRead(path);
        using var text = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var reader = new ListReader(text, format);
        var builder = new CategoryTrieBuilder();
        var output = new StringBuilder();
        output.Append(CultureInfo.InvariantCulture, $"requested: {format}\n");
        output.Append("entries:\n");
        while (reader.Read())
        {
            var duplicate = builder.Add(reader.Name, RuleValue.For(reader.Action, reader.Scope, 0)) == AddResult.Duplicate;
            if (duplicate)
            {
                reader.Report.CountDuplicate();
            }

            output.Append(CultureInfo.InvariantCulture, $"  line {reader.LineNumber}: {reader.Action} {reader.Scope} {reader.Name}{(duplicate ? " (duplicate)" : string.Empty)}\n");
        }

        output.Append("report:\n  ");
        output.Append(reader.Report.ToString().ReplaceLineEndings("\n"));
        output.Append('\n');
        return output.ToString();
    }

    private static string SourceGoldenDirectory([CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(thisFile)!)!, "Golden");
}
