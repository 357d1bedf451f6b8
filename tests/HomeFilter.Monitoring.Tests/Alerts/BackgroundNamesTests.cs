using HomeFilter.Monitoring.Alerts;

namespace HomeFilter.Monitoring.Tests.Alerts;

public sealed class BackgroundNamesTests
{
    [Theory]
    [InlineData("push.apple.com", true)]
    [InlineData("1-courier.push.apple.com", true)]
    [InlineData("CONNECTIVITYCHECK.GSTATIC.COM", true)]
    [InlineData("apple.com", false)]
    [InlineData("notpush.apple.com", false)]
    [InlineData("www.youtube.com", false)]
    public void A_listed_name_covers_its_subdomains_only(string name, bool background)
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "# background\npush.apple.com\nconnectivitycheck.gstatic.com\n");
            var names = BackgroundNames.Load(file);
            Assert.Null(names.MissingPath);
            Assert.Equal(2, names.Count);
            Assert.Equal(background, names.Contains(name));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_missing_list_ignores_nothing_and_says_where_it_looked()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-such-background-{Guid.NewGuid():N}.txt");
        var names = BackgroundNames.Load(path);
        Assert.Equal(path, names.MissingPath);
        Assert.Equal(0, names.Count);
        Assert.False(names.Contains("push.apple.com"));
    }
}
