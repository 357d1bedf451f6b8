using HomeFilter.Resolver.Reload.Sources;

namespace HomeFilter.Resolver.Tests.Reload.Sources;

public sealed class ListSourceTests
{
    [Theory]
    [InlineData("https://lists.example/social.txt", ListSourceKind.Url)]
    [InlineData("http://lists.example/ads.txt", ListSourceKind.Url)]
    [InlineData("HTTPS://lists.example/a.txt.gz", ListSourceKind.Url)]
    [InlineData("  https://lists.example/a.txt  ", ListSourceKind.Url)]
    [InlineData("http://127.0.0.1:8080/a.txt", ListSourceKind.Url)]
    [InlineData("blocklists/adult.txt", ListSourceKind.Path)]
    [InlineData("adult.txt", ListSourceKind.Path)]
    [InlineData("/var/lib/homefilter/lists/a.txt", ListSourceKind.Path)]
    [InlineData("../shared/a.txt", ListSourceKind.Path)]
    [InlineData(@"C:\lists\a.txt", ListSourceKind.Path)]
    [InlineData("lists/a:b.txt", ListSourceKind.Path)]
    [InlineData("file:///etc/hosts", ListSourceKind.Invalid)]
    [InlineData("ftp://lists.example/a.txt", ListSourceKind.Invalid)]
    [InlineData("htps://lists.example/a.txt", ListSourceKind.Invalid)]
    [InlineData("http:lists.example/a.txt", ListSourceKind.Invalid)]
    [InlineData("https://", ListSourceKind.Invalid)]
    [InlineData("", ListSourceKind.Invalid)]
    [InlineData("   ", ListSourceKind.Invalid)]
    public void Classify_tells_urls_paths_and_refused_schemes_apart(string source, ListSourceKind expected)
    {
        var kind = ListSource.Classify(source, out var error);

        Assert.Equal(expected, kind);
        Assert.Equal(expected == ListSourceKind.Url, ListSource.IsUrl(source));
        if (expected == ListSourceKind.Invalid)
            Assert.False(string.IsNullOrWhiteSpace(error));
        else
            Assert.Null(error);
    }

    [Fact]
    public void Classify_names_the_refused_scheme()
    {
        ListSource.Classify("file:///etc/hosts", out var error);

        Assert.Contains("'file:'", error, StringComparison.Ordinal);
        Assert.Contains("http", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolvePath_keeps_an_absolute_path()
    {
        var absolute = Path.Combine(Path.GetTempPath(), "lists", "a.txt");

        Assert.Equal(absolute, ListSource.ResolvePath(absolute, "/somewhere/else"));
    }

    [Theory]
    [InlineData("blocklists/adult.txt", "blocklists/adult.txt")]
    [InlineData("../shared/a.txt", "../shared/a.txt")]
    [InlineData("./a.txt", "a.txt")]
    public void ResolvePath_takes_a_relative_path_from_the_base_directory(string source, string expectedUnderBase)
    {
        var baseDirectory = Path.Combine(Path.GetTempPath(), "policy-folder");

        var resolved = ListSource.ResolvePath(source, baseDirectory);

        Assert.Equal(Path.GetFullPath(Path.Combine(baseDirectory, expectedUnderBase)), resolved);
        Assert.True(Path.IsPathFullyQualified(resolved));
    }

    [Theory]
    [InlineData("https://lists.example/a.txt")]
    [InlineData("file:///etc/hosts")]
    public void ResolvePath_refuses_what_is_not_a_path(string source) =>
        Assert.Throws<ArgumentException>(() => ListSource.ResolvePath(source, Path.GetTempPath()));
}
