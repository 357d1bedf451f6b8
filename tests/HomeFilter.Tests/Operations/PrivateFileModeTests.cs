using HomeFilter.Testing;
using HomeFilter.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace HomeFilter.Tests.Operations;

/// <summary>
/// The data directory and the files in it that hold people's data are owner-only whatever the umask: made so when
/// new, tightened when found wider. Unix only.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PrivateFileModeTests
{
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private static Dictionary<string, string?> Settings(string dataDirectory) => new()
    {
        ["HomeFilter:DataDirectory"] = dataDirectory,
        ["HomeFilter:Admin:Enabled"] = "true",
        ["HomeFilter:Admin:Listen"] = "http://127.0.0.1:0",
        ["HomeFilter:Admin:Token"] = string.Empty,
        ["HomeFilter:QueryLog:FlushMilliseconds"] = "50",
    };

    private static async Task LogQueriesAsync(HomeFilterInstance filter, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await DnsTestClient.QueryUdpAsync(filter.Udp, DnsTestClient.CreateQuery($"n{i}.fine.test"));
        }

        var writer = filter.Services.GetRequiredService<HomeFilter.Monitoring.QueryLog.QueryLogWriter>();
        for (var i = 0; i < 100 && writer.Stored < count; i++)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.True(writer.Stored >= count);
    }

    [Fact]
    public async Task A_fresh_data_directory_and_its_databases_are_owner_only()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes");
        var parent = Directory.CreateTempSubdirectory("homefilter-modes-").FullName;
        var data = Path.Combine(parent, "data");
        try
        {
            await using var upstream = LoopbackDnsServer.Start();
            upstream.Zone.AddA("fine.test", "192.0.2.1");
            await using (var filter = await HomeFilterInstance.StartAsync([upstream], Settings(data)))
            {
                await LogQueriesAsync(filter, 5);

                // While running, SQLite's companions exist too.
                Assert.Equal(OwnerOnlyDirectory, File.GetUnixFileMode(data));
                string[] expected = ["querylog.db", "querylog.db-wal", "querylog.db-shm", "homefilter.db", "admin-token"];
                foreach (var name in expected)
                {
                    var path = Path.Combine(data, name);
                    Assert.True(File.Exists(path), $"{name} was not made");
                    Assert.True(File.GetUnixFileMode(path) == OwnerOnlyFile, $"{name} is {File.GetUnixFileMode(path)}");
                }

                foreach (var file in Directory.GetFiles(data, "*.db*"))
                {
                    Assert.True(File.GetUnixFileMode(file) == OwnerOnlyFile, $"{Path.GetFileName(file)} is {File.GetUnixFileMode(file)}");
                }
            }
        }
        finally
        {
            Directory.Delete(parent, recursive: true);
        }
    }

    [Fact]
    public async Task Wider_modes_found_at_start_are_tightened()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes");
        var data = Directory.CreateTempSubdirectory("homefilter-modes-").FullName;
        const UnixFileMode wide = OwnerOnlyFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        try
        {
            File.SetUnixFileMode(data, OwnerOnlyDirectory | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            await File.WriteAllBytesAsync(Path.Combine(data, "querylog.db"), [], TestContext.Current.CancellationToken);
            File.SetUnixFileMode(Path.Combine(data, "querylog.db"), wide);
            await File.WriteAllTextAsync(Path.Combine(data, "policy.json"), "{}", TestContext.Current.CancellationToken);
            File.SetUnixFileMode(Path.Combine(data, "policy.json"), wide);

            await using var upstream = LoopbackDnsServer.Start();
            upstream.Zone.AddA("fine.test", "192.0.2.1");
            await using var filter = await HomeFilterInstance.StartAsync([upstream], Settings(data));
            await LogQueriesAsync(filter, 1);

            Assert.Equal(OwnerOnlyDirectory, File.GetUnixFileMode(data));
            Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(Path.Combine(data, "querylog.db")));
            Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(Path.Combine(data, "querylog.db-wal")));
            Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(Path.Combine(data, "policy.json")));
        }
        finally
        {
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }
}
