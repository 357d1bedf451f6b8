using HomeFilter.Rules.Policy.SafeSearch;

namespace HomeFilter.Rules.Tests.Policy.SafeSearch;

public class SafeSearchMapReaderTests
{
    /// <summary>Input ('|' separates lines), the targets, the entries as "name>target index", the lines with errors.</summary>
    public static TheoryData<string, string[], string[], int[]> Cases => new()
    {
        { "", [], [], [] },
        { "# only a comment||   ", [], [], [] },
        { "[safe.example]|a.example|www.a.example", ["safe.example"], ["a.example>0", "www.a.example>0"], [] },
        { "[one.example]|a.example||# comment|[two.example]|b.example", ["one.example", "two.example"], ["a.example>0", "b.example>1"], [] },
        { "  [Safe.Example.]  |  A.Example.  ", ["safe.example"], ["a.example>0"], [] },
        { "a.example|[safe.example]|b.example", ["safe.example"], ["b.example>0"], [1] },
        { "[safe.example]|bad name|b..example|1.2.3.4|ok.example", ["safe.example"], ["ok.example>0"], [2, 3, 4] },
        { "[safe.example]|a.example|A.EXAMPLE", ["safe.example"], ["a.example>0"], [3] },
        { "[one.example]|a.example|[two.example]|a.example|b.example", ["one.example", "two.example"], ["a.example>0", "b.example>1"], [4] },
        { "[one.example]|a.example|[two.example]|b.example|[one.example]|c.example", ["one.example", "two.example"], ["a.example>0", "b.example>1", "c.example>0"], [] },
        { "[safe.example|a.example|[ok.example]|b.example", ["ok.example"], ["b.example>0"], [1, 2] },
        { "[]|a.example", [], [], [1, 2] },
        { "[bad target]|a.example|[ok.example]|b.example", ["ok.example"], ["b.example>0"], [1, 2] },
        { "[safe.example]|safe.example|a.example", ["safe.example"], ["a.example>0"], [2] },
        { "[one.example]|two.example|[two.example]|b.example", ["one.example", "two.example"], ["two.example>0", "b.example>1"], [3] },
        { "[safe.example]|bücher.example", ["safe.example"], ["xn--bcher-kva.example>0"], [] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reads_sections_and_reports_bad_lines_by_number(string input, string[] targets, string[] entries, int[] errorLines)
    {
        var map = SafeSearchMapReader.Read(new StringReader(input.Replace('|', '\n')), out var errors);

        Assert.Equal(targets, map.Targets);
        Assert.Equal(entries, map.Entries.Select(e => $"{e.Name}>{e.TargetIndex}"));
        Assert.Equal(errorLines, errors.Select(LineOf));
    }

    [Fact]
    public void A_name_under_two_targets_is_reported_with_both_places()
    {
        var map = SafeSearchMapReader.Read(new StringReader("[one.example]\na.example\n[two.example]\na.example\n"), out var errors);

        var error = Assert.Single(errors);
        Assert.Contains("one.example", error, StringComparison.Ordinal);
        Assert.Contains("line 2", error, StringComparison.Ordinal);
        Assert.Equal(0, Assert.Single(map.Entries).TargetIndex);
    }

    [Fact]
    public void Windows_line_endings_are_read_like_unix_ones()
    {
        var map = SafeSearchMapReader.Read(new StringReader("[safe.example]\r\na.example\r\n"), out var errors);

        Assert.Empty(errors);
        Assert.Equal(new SafeSearchEntry("a.example", 0), Assert.Single(map.Entries));
    }

    private static int LineOf(string error)
    {
        Assert.StartsWith("line ", error, StringComparison.Ordinal);
        return int.Parse(error.AsSpan(5, error.IndexOf(':', StringComparison.Ordinal) - 5), System.Globalization.CultureInfo.InvariantCulture);
    }
}
