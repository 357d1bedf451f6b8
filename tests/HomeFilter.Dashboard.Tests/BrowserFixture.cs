using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(HomeFilter.Dashboard.Tests.BrowserFixture))]

namespace HomeFilter.Dashboard.Tests;

/// <summary>One headless Chromium for the whole test assembly; each test opens its own context.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser? Browser { get; private set; }

    /// <summary>Why there is no browser (Chromium missing, or it failed to start), or null.</summary>
    public string? Unavailable { get; private set; }

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(Prerequisites.Chromium))
        {
            Unavailable = $"Chromium is not installed at {Prerequisites.Chromium} (Debian package chromium).";
            return;
        }

        Assertions.SetDefaultExpectTimeout(15_000);
        try
        {
            _playwright = await Playwright.CreateAsync();
            Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = Prerequisites.Chromium,
                Headless = true,
                Args =
                [
                    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                ],
            });
        }
        catch (PlaywrightException e)
        {
            Unavailable = "Chromium did not start under Playwright: " + e.Message.Split('\n')[0];
        }
    }

    /// <summary>A new context (its own cookies) and page, or a skip (a failure under CI) when there is no browser.</summary>
    public async Task<IPage> NewPageAsync(string baseUrl)
    {
        Prerequisites.Require(Unavailable);
        var context = await Browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        // CI runs every test assembly at once on two cores: waits are generous, what is checked is that it happens.
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
