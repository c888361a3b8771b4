using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Observatory.WebUi.Tests;

/// <summary>The shell around every page: the theme switch (kept across reloads) and the keyboard shortcuts.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ShellTests(BrowserFixture browser, OpenProductFixture product) : IAsyncLifetime
{
    private IPage _page = null!;

    public async Task InitializeAsync() => _page = await browser.NewPageAsync();

    public async Task DisposeAsync()
    {
        await _page.Context.CloseAsync();
        Assert.Empty(browser.PageErrors);
    }

    [Fact]
    public async Task The_theme_button_switches_between_light_and_dark_and_the_choice_survives_a_reload()
    {
        await _page.GotoAsync(product.Url + "#/traces?live=0");
        var html = _page.Locator("html");
        var background = () => _page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
        var light = await background();

        await _page.ClickAsync("#theme");
        await Expect(html).ToHaveAttributeAsync("data-theme", "dark");
        Assert.NotEqual(light, await background());
        await Screenshots.SaveAsync(_page, "dark");

        await _page.ReloadAsync();
        await Expect(html).ToHaveAttributeAsync("data-theme", "dark");
        await _page.ClickAsync("#theme");
        await Expect(html).ToHaveAttributeAsync("data-theme", "light");
        Assert.Equal(light, await background());
    }

    [Fact]
    public async Task Keyboard_shortcuts_focus_search_switch_theme_and_go_to_pages()
    {
        await _page.GotoAsync(product.Url + "#/traces?live=0");
        await Expect(_page.Locator("[data-search]")).ToBeVisibleAsync();

        await _page.Keyboard.PressAsync("/");
        Assert.True(await _page.EvaluateAsync<bool>("() => document.activeElement.matches('[data-search]')"), "/ did not focus the search box");
        await _page.Keyboard.PressAsync("Escape");
        await _page.EvaluateAsync("() => document.activeElement.blur()");

        var before = await _page.Locator("html").GetAttributeAsync("data-theme");
        await _page.Keyboard.PressAsync("t");
        await Expect(_page.Locator("html")).Not.ToHaveAttributeAsync("data-theme", before ?? "");

        await _page.Keyboard.PressAsync("g");
        await _page.Keyboard.PressAsync("m");
        await Expect(_page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/models"));
        await Expect(_page.Locator("h1")).ToHaveTextAsync("Models");

        await _page.Keyboard.PressAsync("g");
        await _page.Keyboard.PressAsync("c");
        await Expect(_page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/costs"));
        await Screenshots.SaveAsync(_page);
    }
}
