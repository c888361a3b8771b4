using Microsoft.Playwright;

namespace Observatory.WebUi.Tests;

/// <summary>
/// One Chromium for the whole run (a browser start costs seconds on a 2-core box): Debian's, since Playwright's own
/// download cannot work here. Each test opens its own context, so cookies and session storage never leak between tests.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: run the tests with ./observatory test, which installs Debian's chromium.");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
    }

    /// <summary>A fresh browser context and page at 1280×720 (or <paramref name="viewport"/>), failing fast instead of hanging.</summary>
    public async Task<IPage> NewPageAsync(ViewportSize? viewport = null, ColorScheme colorScheme = ColorScheme.Light)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 720 },
            ColorScheme = colorScheme,
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        page.PageError += (_, message) => PageErrors.Add(message);
        return page;
    }

    /// <summary>Uncaught script errors of every page: a test fails on any (they are bugs even when the page still looks right).</summary>
    public List<string> PageErrors { get; } = [];

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}
