using Microsoft.Playwright;

namespace HomeFilter.Dashboard.Tests;

/// <summary>A newcomer opens the printed address: set-up, then log out and back in.</summary>
public sealed class FirstRunTests(BrowserFixture browser)
{
    [Fact]
    public async Task Setup_makes_the_first_admin_and_a_wrong_password_is_refused_at_login()
    {
        await using var homefilter = await DashboardInstance.StartAsync();
        var page = await browser.NewPageAsync(homefilter.BaseUrl);
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Welcome to HomeFilter" }).WaitForAsync();
        await DashboardPage.ScreenshotAsync(page, "setup");
        await DashboardPage.SetUpAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Log in" }).WaitForAsync();
        await page.GetByLabel("User name").FillAsync(DashboardPage.AdminUser);
        await page.GetByLabel("Password").FillAsync("not the password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("wrong user name or password");
        await DashboardPage.ScreenshotAsync(page, "login");

        await page.GetByLabel("Password").FillAsync(DashboardPage.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Exact = true }).WaitForAsync();
        await Assertions.Expect(page.Locator("#who")).ToContainTextAsync("admin · admin");
    }

    [Fact]
    public async Task A_session_cookie_is_http_only_and_same_site_strict()
    {
        await using var homefilter = await DashboardInstance.StartAsync();
        var page = await browser.NewPageAsync(homefilter.BaseUrl);
        await DashboardPage.SetUpAsync(page);
        var cookies = await page.Context.CookiesAsync();
        var session = Assert.Single(cookies, c => c.Name == "homefilter.session");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);
    }
}
