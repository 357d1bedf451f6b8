using Microsoft.Playwright;

namespace HomeFilter.Dashboard.Tests;

/// <summary>What the tests do with the dashboard, in a person's terms: set up, log in, open a page, save a screenshot.</summary>
internal static class DashboardPage
{
    public const string AdminUser = "admin";
    public const string AdminPassword = "correct horse battery";

    public static async Task SetUpAsync(IPage page)
    {
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Welcome to HomeFilter" }).WaitForAsync();
        await page.GetByLabel("User name").FillAsync(AdminUser);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(AdminPassword);
        await page.GetByLabel("Password again").FillAsync(AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Exact = true }).WaitForAsync();
    }

    public static async Task OpenAsync(IPage page, string route, string heading)
    {
        // A change of the #fragment alone would not reload the page; a reload makes each visit start afresh.
        await page.GotoAsync("/?" + route + "#/" + route);
        await page.GetByRole(AriaRole.Heading, new() { Name = heading, Exact = true, Level = 1 }).WaitForAsync();
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(Prerequisites.ScreenshotDirectory(), name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
    }

    /// <summary>Polls <paramref name="check"/> until it holds or <paramref name="within"/> passes; returns whether it held.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> check, TimeSpan within)
    {
        var end = DateTime.UtcNow + within;
        while (true)
        {
            if (await check())
            {
                return true;
            }

            if (DateTime.UtcNow > end)
            {
                return false;
            }

            await Task.Delay(50);
        }
    }
}
