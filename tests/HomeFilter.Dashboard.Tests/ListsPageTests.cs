using HomeFilter.Testing;
using Microsoft.Playwright;

namespace HomeFilter.Dashboard.Tests;

/// <summary>
/// What an admin does on the lists page: tick a public list of the catalog, see what it adds, apply it, and the
/// list (downloaded from its host, here a loopback server) blocks at once; a preset fills its categories.
/// </summary>
public sealed class ListsPageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IDisposable
{
    private const string Device = "127.0.0.2";

    private readonly string _bundled = Directory.CreateTempSubdirectory("homefilter-bundled-").FullName;

    [Fact]
    public async Task A_catalog_list_is_ticked_applied_downloaded_and_blocks()
    {
        var dig = Prerequisites.RequireDig();
        await using var lists = await LoopbackListHost.StartAsync();
        lists.Set("/adult.txt", "# a test list\nhomework.example\n");
        lists.Set("/gambling.txt", "0.0.0.0 games.example\n");
        WriteBundled(lists.BaseUrl);
        await using var homefilter = await DashboardInstance.StartAsync(new Dictionary<string, string?> { ["HomeFilter:Policy:BundledLists"] = _bundled });
        var page = await browser.NewPageAsync(homefilter.BaseUrl);
        await DashboardPage.SetUpAsync(page);
        Assert.Equal("198.51.100.20", await homefilter.DigAsync(dig, Device, "homework.example"));

        await DashboardPage.OpenAsync(page, "lists", "Lists");
        var adult = page.Locator("section[data-catalog-category='adult']");
        await adult.GetByLabel("Test adult in adult").CheckAsync();
        await Assertions.Expect(adult).ToContainTextAsync("Applying adds 1 list(s), about 1,234 names");
        await DashboardPage.ScreenshotAsync(page, "lists");
        await adult.GetByRole(AriaRole.Button, new() { Name = "Apply adult" }).ClickAsync();

        // The list is downloaded and in force; the lists table names it by its catalog id. The new category blocks
        // nobody until a group switches it on.
        await Assertions.Expect(page.Locator("td", new() { HasTextString = "test-adult" })).ToBeVisibleAsync();
        // A catalog id is a download: its row shows the download's state, kept under the entry's URL.
        await Assertions.Expect(page.Locator("tr", new() { HasTextString = "test-adult" })).ToContainTextAsync("downloaded");
        Assert.Equal("198.51.100.20", await homefilter.DigAsync(dig, Device, "homework.example"));

        await DashboardPage.OpenAsync(page, "groups", "Groups");
        var everyone = page.Locator("section[data-group='default']");
        await everyone.Locator("input[data-category='adult']").CheckAsync();
        await everyone.GetByRole(AriaRole.Button, new() { Name = "Save default" }).ClickAsync();
        Assert.True(await DashboardPage.EventuallyAsync(async () => await homefilter.DigAsync(dig, Device, "homework.example") == "0.0.0.0", TimeSpan.FromSeconds(15)),
            "the catalog list applied from the lists page did not block once its category was switched on");
    }

    [Fact]
    public async Task A_preset_fills_its_categories_and_blocks_them_for_devices_in_no_group()
    {
        var dig = Prerequisites.RequireDig();
        await using var lists = await LoopbackListHost.StartAsync();
        lists.Set("/adult.txt", "homework.example\n");
        lists.Set("/gambling.txt", "0.0.0.0 chat.social.example\n");
        WriteBundled(lists.BaseUrl);
        await using var homefilter = await DashboardInstance.StartAsync(new Dictionary<string, string?> { ["HomeFilter:Policy:BundledLists"] = _bundled });
        var page = await browser.NewPageAsync(homefilter.BaseUrl);
        await DashboardPage.SetUpAsync(page);

        await DashboardPage.OpenAsync(page, "lists", "Lists");
        var preset = page.Locator("section[data-preset='family']");
        await preset.GetByRole(AriaRole.Button, new() { Name = "Use the family preset" }).ClickAsync();
        await Assertions.Expect(page.Locator("td", new() { HasTextString = "test-gambling" })).ToBeVisibleAsync();

        // adult is blocked for devices in no group by the preset; gambling only gets its lists.
        Assert.Equal("0.0.0.0", await homefilter.DigAsync(dig, Device, "homework.example"));
        Assert.Equal("198.51.100.11", await homefilter.DigAsync(dig, Device, "chat.social.example"));
    }

    /// <summary>The bundled lists beside the program, with a catalog whose two lists are on the loopback server.</summary>
    private void WriteBundled(string baseUrl)
    {
        var source = Path.Combine(AppContext.BaseDirectory, "blocklists");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(_bundled, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }

        File.WriteAllText(Path.Combine(_bundled, "catalog.json"), $$"""
            { "version": 1,
              "lists": [
                { "id": "test-adult", "category": "adult", "name": "Test adult", "url": "{{baseUrl}}/adult.txt", "format": "plain", "compression": "none",
                  "licence": "MIT", "homepage": "https://lists.example", "description": "Adult sites for the test", "approximateEntries": 1234, "sizeMeasured": true },
                { "id": "test-gambling", "category": "gambling", "name": "Test gambling", "url": "{{baseUrl}}/gambling.txt", "format": "hosts", "compression": "none",
                  "licence": "MIT", "homepage": "https://lists.example", "description": "Gambling sites for the test", "approximateEntries": 10, "sizeMeasured": true } ],
              "presets": [ { "id": "family", "name": "Family", "description": "A household", "categories": { "adult": ["test-adult"], "gambling": ["test-gambling"] }, "block": ["adult"] } ] }
            """);
    }

    public void Dispose() => Directory.Delete(_bundled, recursive: true);
}
