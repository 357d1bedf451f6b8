using HomeFilter.Commands;
using HomeFilter.Testing;

namespace HomeFilter.Tests.Commands;

/// <summary><c>HomeFilter store migrate</c> against a throw-away PostgreSQL cluster (skipped without PostgreSQL, never under CI).</summary>
public sealed class StoreCommandTests : IAsyncLifetime
{
    private PostgresCluster? _cluster;

    public async ValueTask InitializeAsync()
    {
        if (PostgresCluster.Unavailable is null)
        {
            _cluster = await PostgresCluster.StartNewAsync();
        }
    }

    private PostgresCluster Cluster
    {
        get
        {
            if (_cluster is null)
            {
                Assert.SkipWhen(!PostgresCluster.Required, PostgresCluster.Unavailable ?? "no cluster");
                throw new InvalidOperationException("PostgreSQL is required under CI: " + PostgresCluster.Unavailable);
            }

            return _cluster;
        }
    }

    private static async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await StoreCommand.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Migrate_prints_one_line_per_component_and_applies_nothing_the_second_time()
    {
        var connectionString = await Cluster.CreateDatabaseAsync("migrate_twice");
        var first = await RunAsync("migrate", "--connection-string", connectionString);
        Assert.Equal((0, ""), (first.Code, first.Error));
        Assert.Equal(
            ["querylog: version 3 (3 applied)", "alerts: version 1 (1 applied)", "admin: version 1 (1 applied)", "policy: version 1 (1 applied)", "branches: version 1 (1 applied)"],
            first.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var second = await RunAsync("migrate", $"--HomeFilter:Store:ConnectionString={connectionString}");
        Assert.Equal(0, second.Code);
        Assert.All(second.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.EndsWith("(0 applied)", line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_database_that_cannot_be_reached_is_one_line_and_exit_code_1()
    {
        _ = Cluster;
        var result = await RunAsync("migrate", "--connection-string", "Host=127.0.0.1;Port=1;Database=none;Username=postgres;Timeout=2");
        Assert.Equal(1, result.Code);
        Assert.StartsWith("Cannot migrate PostgreSQL 127.0.0.1:1/none:", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Empty(result.Out);
    }

    [Theory]
    [InlineData(new string[0], 2)]
    [InlineData(new[] { "upgrade" }, 2)]
    [InlineData(new[] { "migrate", "--connection-string" }, 2)]
    [InlineData(new[] { "migrate", "--connection-string", "Database=x" }, 1)]
    public async Task Usage_errors_and_unusable_connection_strings_are_one_line(string[] args, int code)
    {
        var result = await RunAsync(args);
        Assert.Equal(code, result.Code);
        Assert.NotEmpty(result.Error);
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
