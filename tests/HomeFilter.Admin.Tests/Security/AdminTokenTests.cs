using HomeFilter.Admin.Security;

namespace HomeFilter.Admin.Tests.Security;

public sealed class AdminTokenTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("homefilter-admin-").FullName;

    [Fact]
    public void Without_configuration_a_random_token_is_generated_once_and_kept_owner_only()
    {
        var first = AdminToken.Resolve(null, _dataDirectory);
        var path = Path.Combine(_dataDirectory, AdminToken.FileName);
        Assert.Equal(path, first.StoredAt);
        var stored = File.ReadAllText(path).Trim();
        Assert.True(stored.Length >= 32);
        Assert.True(first.Matches(stored));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        var second = AdminToken.Resolve(null, _dataDirectory);
        Assert.True(second.Matches(stored));
    }

    [Fact]
    public void Two_installations_never_share_a_token()
    {
        var other = Directory.CreateTempSubdirectory("homefilter-admin-").FullName;
        try
        {
            AdminToken.Resolve(null, _dataDirectory);
            AdminToken.Resolve(null, other);
            Assert.NotEqual(
                File.ReadAllText(Path.Combine(_dataDirectory, AdminToken.FileName)),
                File.ReadAllText(Path.Combine(other, AdminToken.FileName)));
        }
        finally
        {
            Directory.Delete(other, recursive: true);
        }
    }

    [Theory]
    [InlineData("correct-horse-battery-staple", "correct-horse-battery-staple", true)]
    [InlineData("correct-horse-battery-staple", "correct-horse-battery-stapl", false)]
    [InlineData("correct-horse-battery-staple", "CORRECT-HORSE-BATTERY-STAPLE", false)]
    [InlineData("correct-horse-battery-staple", "", false)]
    public void A_configured_token_matches_exactly(string configured, string presented, bool matches)
    {
        var token = AdminToken.Resolve(configured, _dataDirectory);
        Assert.Null(token.StoredAt);
        Assert.Equal(matches, token.Matches(presented));
        Assert.False(File.Exists(Path.Combine(_dataDirectory, AdminToken.FileName)));
    }

    [Fact]
    public void A_short_configured_token_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => AdminToken.Resolve("secret", _dataDirectory));
        Assert.Contains("HomeFilter:Admin:Token", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);
}
