using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using HomeFilter.Branches.Policy;
using HomeFilter.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace HomeFilter.Dashboard.Tests;

/// <summary>
/// A branch network in the browser: two resolvers ("central" and "east") sharing one PostgreSQL database; the
/// Branches page lists both, the log filters by branch, and east's branch admin sees east alone.
/// </summary>
public sealed class BranchesPageTests(BrowserFixture browser)
{
    private const string Token = "dashboard-test-token-0123456789";

    [Fact]
    public async Task The_dashboard_shows_both_branches_filters_the_log_by_branch_and_keeps_a_branch_admin_to_its_own()
    {
        Prerequisites.Require(PostgresCluster.Unavailable);
        await using var cluster = await PostgresCluster.StartNewAsync(TestContext.Current.CancellationToken);
        var database = await cluster.CreateDatabaseAsync("network", TestContext.Current.CancellationToken);
        await using var central = await StartBranchAsync(database, "central");
        await using var east = await StartBranchAsync(database, "east");

        await DnsTestClient.QueryUdpAsync(central.Dns, DnsTestClient.CreateQuery("homework.example"));
        await DnsTestClient.QueryUdpAsync(east.Dns, DnsTestClient.CreateQuery(DashboardInstance.SocialName));

        // The first account of the network, made at the central branch.
        var page = await browser.NewPageAsync(central.BaseUrl);
        await DashboardPage.SetUpAsync(page);
        await DashboardPage.OpenAsync(page, "branches", "Branches");
        await Assertions.Expect(page.Locator("tr[data-branch='central']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("tr[data-branch='east']")).ToBeVisibleAsync();
        await DashboardPage.ScreenshotAsync(page, "branches");

        // The central log shows both branches' lookups; the Branch filter keeps one.
        await DashboardPage.OpenAsync(page, "log", "Query log");
        await Assertions.Expect(page.Locator($"tr[data-name='{DashboardInstance.SocialName}'][data-branch='east']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("tr[data-name='homework.example'][data-branch='central']")).ToBeVisibleAsync();
        await page.GetByLabel("Branch").SelectOptionAsync("east");
        await Assertions.Expect(page.Locator("tr[data-name='homework.example']")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator($"tr[data-name='{DashboardInstance.SocialName}'] td.branch")).ToHaveTextAsync("east");

        // Evidence and reports start on this branch's devices and can name another branch or all.
        await DashboardPage.OpenAsync(page, "evidence", "Evidence");
        await Assertions.Expect(page.Locator("#evidence-download")).ToHaveAttributeAsync("href", new Regex("[?&]branch=central(&|$)"));
        await page.GetByLabel("Branch").SelectOptionAsync("east");
        await Assertions.Expect(page.Locator("#evidence-download")).ToHaveAttributeAsync("href", new Regex("[?&]branch=east(&|$)"));
        await DashboardPage.OpenAsync(page, "reports", "Reports");
        await Assertions.Expect(page.Locator("#report-open")).ToHaveAttributeAsync("href", new Regex("[?&]branch=central(&|$)"));

        // East's librarian, at its own branch: its log and branch list hold east alone.
        using (var api = new HttpClient { BaseAddress = new Uri(central.BaseUrl) })
        {
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            using var created = await api.PostAsJsonAsync("/api/accounts", new { userName = "east-librarian", password = "correct horse battery", role = "branch-admin", branch = "east" });
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        }

        var librarian = await browser.NewPageAsync(east.BaseUrl);
        await librarian.GotoAsync("/");
        await librarian.GetByRole(AriaRole.Heading, new() { Name = "Log in" }).WaitForAsync();
        await librarian.GetByLabel("User name").FillAsync("east-librarian");
        await librarian.GetByLabel("Password").FillAsync("correct horse battery");
        await librarian.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await librarian.GetByRole(AriaRole.Heading, new() { Name = "Overview", Exact = true }).WaitForAsync();
        await DashboardPage.OpenAsync(librarian, "log", "Query log");
        await Assertions.Expect(librarian.Locator($"tr[data-name='{DashboardInstance.SocialName}'][data-branch='east']")).ToBeVisibleAsync();
        await Assertions.Expect(librarian.Locator("tr[data-name='homework.example']")).ToHaveCountAsync(0);
        await DashboardPage.OpenAsync(librarian, "branches", "Branches");
        await Assertions.Expect(librarian.Locator("tr[data-branch='east']")).ToBeVisibleAsync();
        await Assertions.Expect(librarian.Locator("tr[data-branch='central']")).ToHaveCountAsync(0);
    }

    private static async Task<DashboardInstance> StartBranchAsync(string connectionString, string id)
    {
        var branch = await DashboardInstance.StartAsync(new Dictionary<string, string?>
        {
            ["HomeFilter:Store:Provider"] = "postgres",
            ["HomeFilter:Store:ConnectionString"] = connectionString,
            ["HomeFilter:Branch:Id"] = id,
            ["HomeFilter:Branch:ReportSeconds"] = "1",
        });

        // The first branch seeds the empty store with its policy; the second starts on the network's.
        var policy = branch.Services.GetRequiredService<BranchPolicyService>();
        Assert.True(await DashboardPage.EventuallyAsync(() => Task.FromResult(policy.Generation >= 1), TimeSpan.FromSeconds(30)), $"branch {id} has no network policy");
        return branch;
    }
}
