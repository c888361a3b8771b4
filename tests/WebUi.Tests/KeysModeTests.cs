using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Observatory.WebUi.Tests;

/// <summary>With <c>Auth:Mode=keys</c> the UI asks for a key, says why one is refused, and follows the key's role.</summary>
[Collection(BrowserCollection.Name)]
public sealed class KeysModeTests(BrowserFixture browser, KeyedProductFixture product) : IClassFixture<KeyedProductFixture>, IAsyncLifetime
{
    private IPage _page = null!;

    public async Task InitializeAsync() => _page = await browser.NewPageAsync();

    public async Task DisposeAsync()
    {
        await _page.Context.CloseAsync();
        Assert.Empty(browser.PageErrors);
    }

    [Fact]
    public async Task A_wrong_or_revoked_key_is_refused_with_the_reason()
    {
        await _page.GotoAsync(product.Url);
        var dialog = _page.Locator("#keyDialog");
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(_page.Locator("#keyError")).ToBeHiddenAsync(); // no key yet: nothing was refused

        await SignInAsync("obs_aaaaaaaa_" + new string('b', 32));
        await Expect(_page.Locator("#keyError")).ToHaveTextAsync("The API key is not valid.");
        await Expect(dialog).ToBeVisibleAsync();
        await Screenshots.SaveAsync(_page, "wrong");

        await SignInAsync(product.Keys["revoked"]);
        await Expect(_page.Locator("#keyError")).ToContainTextAsync("was revoked");
        Assert.Null(await _page.EvaluateAsync<string?>("() => sessionStorage.getItem('observatory.apiKey')"));
        await Screenshots.SaveAsync(_page, "revoked");
    }

    [Fact]
    public async Task A_viewer_sees_the_projects_traces_and_no_admin_settings()
    {
        var traceId = await UiTraces.SendAsync(product.Host.Otlp, new(UiText.Unique("keyed")), product.Keys["ingest"]);
        await _page.GotoAsync(product.Url);
        await SignInAsync(product.Keys["viewer"]);
        await Expect(_page.Locator("#keyDialog")).ToBeHiddenAsync();
        await Expect(_page.Locator($"tr[data-trace='{traceId}']")).ToBeVisibleAsync();
        await Expect(_page.Locator("#whoami")).ToHaveTextAsync("viewer");
        Assert.Equal(product.Keys["viewer"], await _page.EvaluateAsync<string>("() => sessionStorage.getItem('observatory.apiKey')"));

        await _page.ClickAsync("#nav a[data-page=settings]");
        await Expect(_page.Locator("#readOnly")).ToBeVisibleAsync();
        await Expect(_page.Locator("#catalog table")).ToBeVisibleAsync();
        await Expect(_page.Locator("#keys")).ToHaveCountAsync(0);
        await Expect(_page.Locator("#priceForm")).ToHaveCountAsync(0);
        await Expect(_page.Locator("#captureForm button[type=submit]")).ToHaveCountAsync(0);
        await Screenshots.SaveAsync(_page);
    }

    [Fact]
    public async Task An_admin_manages_the_projects_keys()
    {
        await _page.GotoAsync(product.Url + "#/settings");
        await SignInAsync(product.Keys["admin"]);
        var keys = _page.Locator("#keys");
        await Expect(keys).ToBeVisibleAsync();
        await Expect(keys).ToContainTextAsync("alpha");
        await Expect(keys.Locator("tbody tr")).ToHaveCountAsync(4);
        await Expect(keys.Locator("tbody tr", new() { HasTextString = product.Keys["revoked"][..12] })).ToContainTextAsync("revoked");

        await keys.Locator("[name=name]").FillAsync("ci");
        await keys.Locator("#keyCreate button").ClickAsync();
        await Expect(keys.Locator(".secret")).ToContainTextAsync("obs_");
        await Expect(keys.Locator("tbody tr")).ToHaveCountAsync(5);
        await Screenshots.SaveAsync(_page);
    }

    [Fact]
    public async Task The_API_names_the_role_of_a_key_it_refuses_which_the_page_reads()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/admin/projects");
        request.Headers.Authorization = new("Bearer", product.Keys["viewer"]);
        using var response = await product.Host.Api.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("This endpoint needs an admin key; yours is a viewer key.", await response.Content.ReadAsStringAsync());
    }

    private async Task SignInAsync(string key)
    {
        await _page.FillAsync("#keyInput", key);
        await _page.PressAsync("#keyInput", "Enter");
    }
}
