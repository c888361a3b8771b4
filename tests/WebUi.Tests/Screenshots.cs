using System.Runtime.CompilerServices;
using Microsoft.Playwright;

namespace Observatory.WebUi.Tests;

/// <summary>
/// Every UI test leaves a full-page screenshot with the test results: in <c>$OBSERVATORY_TEST_RESULTS/screenshots</c>
/// (set by ./observatory test), else in <c>TestResults/screenshots</c> beside the test binaries.
/// </summary>
public static class Screenshots
{
    public static string Folder
    {
        get
        {
            var root = Environment.GetEnvironmentVariable("OBSERVATORY_TEST_RESULTS") is { Length: > 0 } results
                ? results
                : Path.Combine(AppContext.BaseDirectory, "TestResults");
            return Path.Combine(root, "screenshots");
        }
    }

    public static async Task<string> SaveAsync(IPage page, string? suffix = null, [CallerMemberName] string test = "")
    {
        Directory.CreateDirectory(Folder);
        await page.EvaluateAsync("() => window.scrollTo(0, 0)"); // a full-page shot of a scrolled page repeats the sticky header mid-page
        var path = Path.Combine(Folder, test + (suffix is null ? "" : "-" + suffix) + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        Assert.True(new FileInfo(path).Length > 5_000, $"the screenshot {path} is (nearly) empty");
        return path;
    }
}
