using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace Observatory.WebUi.Tests;

/// <summary>The UI's files come from the API port with cache headers, and nothing is fetched from elsewhere.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class AssetServingTests(OpenProductFixture product)
{
    [Fact]
    public async Task The_page_is_revalidated_and_its_versioned_assets_are_cached_for_a_year()
    {
        using var page = await product.Host.Api.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("no-cache", page.Headers.CacheControl!.ToString());
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
        var html = await page.Content.ReadAsStringAsync();
        var assets = AssetUrl().Matches(html).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.Contains(assets, a => a.EndsWith("/app.js", StringComparison.Ordinal));
        Assert.DoesNotContain("http", string.Join(" ", Regex.Matches(html, "(?:src|href)=\"([^\"]+)\"").Select(m => m.Groups[1].Value)));

        foreach (var asset in assets)
        {
            using var response = await product.Host.Api.GetAsync(asset);
            Assert.True(response.IsSuccessStatusCode, asset);
            Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl!.ToString());
            using var again = new HttpRequestMessage(HttpMethod.Get, asset);
            again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
            using var notModified = await product.Host.Api.SendAsync(again);
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, assets.First(a => a.EndsWith("/app.js", StringComparison.Ordinal)));
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        using var gzipped = await product.Host.Api.SendAsync(request);
        Assert.Equal("gzip", gzipped.Content.Headers.ContentEncoding.Single());
    }

    [Fact]
    public async Task The_vendored_chart_library_ships_with_its_license_and_unknown_files_are_404()
    {
        using var page = await product.Host.Api.GetAsync("/");
        var version = AssetUrl().Match(await page.Content.ReadAsStringAsync()).Groups[2].Value;
        using var license = await product.Host.Api.GetAsync($"/ui/{version}/vendor/uplot/LICENSE");
        Assert.Contains("MIT", await license.Content.ReadAsStringAsync());
        using var missing = await product.Host.Api.GetAsync($"/ui/{version}/nope.js");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [GeneratedRegex("\"(/ui/([0-9a-f]{12})/[^\"]+)\"")]
    private static partial Regex AssetUrl();
}
