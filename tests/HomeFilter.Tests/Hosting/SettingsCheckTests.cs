using HomeFilter.Hosting;
using Microsoft.Extensions.Configuration;

namespace HomeFilter.Tests.Hosting;

public sealed class SettingsCheckTests
{
    private static List<string> Check(params string[] pairs)
    {
        var values = new Dictionary<string, string?>();
        for (var i = 0; i < pairs.Length; i += 2)
        {
            values[pairs[i]] = pairs[i + 1];
        }

        return SettingsCheck.Collect(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
    }

    [Theory]
    [InlineData()]
    [InlineData("HomeFilter:Dns:Listen:0", "127.0.0.1:5353", "HomeFilter:Dns:Listen:1", "[::1]:5353")]
    [InlineData("HomeFilter:Dns:Upstreams:0", "tls://dns.quad9.net", "HomeFilter:Dns:AllowedClients:0", "192.168.1.0/24")]
    [InlineData("HomeFilter:Admin:Listen", "http://0.0.0.0:18085")]
    [InlineData("HomeFilter:Admin:Listen", "http://*:8080;https://localhost:8443")]
    [InlineData("HomeFilter:Admin:Enabled", "false", "HomeFilter:Admin:Listen", "nonsense")]
    [InlineData("HomeFilter:RateLimit:Action", "refused", "HomeFilter:RateLimit:QueriesPerSecond", "0")]
    [InlineData("HomeFilter:Identity:TrustedForwarders:0", "192.168.1.1", "HomeFilter:Identity:UnknownClientId", "refuse")]
    [InlineData("HomeFilter:Identity:NeighbourTable", "false", "HomeFilter:Identity:NeighbourRefreshSeconds", "60")]
    [InlineData("HomeFilter:Store:Provider", "sqlite")]
    [InlineData("HomeFilter:Store:Provider", "Postgres", "HomeFilter:Store:ConnectionString", "Host=127.0.0.1;Database=homefilter;Username=homefilter")]
    public void Accepts_working_settings(params string[] pairs) => Assert.Empty(Check(pairs));

    [Theory]
    [InlineData("HomeFilter:Admin:Listen", "0.0.0.0:18085", "has no scheme; write it as a URL, e.g. http://0.0.0.0:18085", "--admin")]
    [InlineData("HomeFilter:Admin:Listen", "ftp://127.0.0.1:21", "must start with http:// or https://", "--admin")]
    [InlineData("HomeFilter:Admin:Listen", "http://127.0.0.1:8080/admin", "must not have a path", "--admin")]
    [InlineData("HomeFilter:Admin:Listen", "", "is empty", "--admin")]
    [InlineData("HomeFilter:Dns:Listen:0", "localhost:53", "'localhost:53' is not of the form ip:port", "--listen")]
    [InlineData("HomeFilter:Dns:Listen:0", "127.0.0.1:70000", "'127.0.0.1:70000' is not of the form ip:port", "--listen")]
    [InlineData("HomeFilter:Dns:Upstreams:0", "dns.example", "'dns.example' is a name", "--upstream")]
    [InlineData("HomeFilter:Dns:AllowedClients:0", "10.0.0.0/33", "'10.0.0.0/33' is not a network", "--allow")]
    [InlineData("HomeFilter:Dns:UpstreamTimeoutMs", "soon", "'soon' at 'HomeFilter:Dns:UpstreamTimeoutMs'", "Invalid setting")]
    [InlineData("HomeFilter:Admin:Enabled", "maybe", "'maybe' at 'HomeFilter:Admin:Enabled'", "Invalid setting")]
    [InlineData("HomeFilter:RateLimit:Action", "reject", "must be drop, refused or truncate, not 'reject'", "HomeFilter:RateLimit:Action")]
    [InlineData("HomeFilter:RateLimit:Burst", "0", "must be at least 1", "HomeFilter:RateLimit:Burst")]
    [InlineData("HomeFilter:RateLimit:TableSize", "1", "TableSize must be between 16", "HomeFilter:RateLimit:TableSize")]
    [InlineData("HomeFilter:Identity:UnknownClientId", "block", "must be default or refuse, not 'block'", "HomeFilter:Identity:UnknownClientId")]
    [InlineData("HomeFilter:Identity:NeighbourRefreshSeconds", "0", "between 1 and 3600", "HomeFilter:Identity:NeighbourRefreshSeconds")]
    [InlineData("HomeFilter:Identity:TrustedForwarders:0", "router.home", "'router.home' is not a network", "HomeFilter:Identity:TrustedForwarders")]
    [InlineData("HomeFilter:Identity:NeighbourTable", "yes", "'yes' at 'HomeFilter:Identity:NeighbourTable'", "Invalid setting")]
    [InlineData("HomeFilter:Store:Provider", "mysql", "Unknown store provider 'mysql'", "HomeFilter:Store:Provider")]
    [InlineData("HomeFilter:Store:Provider", "postgres", "the connection string is empty", "HomeFilter:Store:ConnectionString")]
    public void Names_the_setting_and_the_fix_in_one_line(string key, string value, string expected, string fix)
    {
        var problem = Assert.Single(Check(key, value));
        Assert.Contains(expected, problem, StringComparison.Ordinal);
        Assert.Contains(fix, problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', problem);
    }

    [Fact]
    public void Lists_every_problem()
        => Assert.Equal(3, Check("HomeFilter:Admin:Listen", "0.0.0.0:1", "HomeFilter:Dns:Listen:0", "x", "HomeFilter:Dns:Upstreams:0", "y").Count);

    [Fact]
    public void The_host_is_not_built_with_a_bad_address()
    {
        var data = Path.Combine(Path.GetTempPath(), "homefilter-never-created-" + Guid.NewGuid().ToString("N"));
        var error = Assert.Throws<InvalidSettingsException>(() => HomeFilterHost.Build([], new Dictionary<string, string?>
        {
            ["HomeFilter:DataDirectory"] = data,
            ["HomeFilter:Admin:Listen"] = "0.0.0.0:18085",
        }));
        Assert.Contains("HomeFilter:Admin:Listen", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(data));
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080", "http://127.0.0.1:8081")]
    [InlineData("http://0.0.0.0:80", "http://0.0.0.0:8080")]
    [InlineData("https://localhost:65535", "https://localhost:65534")]
    [InlineData(null, "http://127.0.0.1:8081")]
    public void The_admin_hint_names_another_port(string? configured, string expected)
        => Assert.Equal(expected, StartupFailure.OtherAdminAddress(configured));

    [Theory]
    [InlineData("Database=homefilter", "names no Host")]
    [InlineData("Host=db;Bogus Key=1", "not in Npgsql's format")]
    public void A_postgres_connection_string_that_cannot_be_used_is_one_line(string connectionString, string expected)
    {
        var problem = Assert.Single(Check("HomeFilter:Store:Provider", "postgres", "HomeFilter:Store:ConnectionString", connectionString));
        Assert.Contains(expected, problem, StringComparison.Ordinal);
        Assert.Contains("HomeFilter:Store:ConnectionString", problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', problem);
    }
}
