using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Observatory.EndToEnd.Tests.Alerts;

/// <summary>With <c>Auth:Mode=keys</c>: admins write alert rules and webhooks, any key of the project reads the rules.</summary>
public sealed class AlertAuthorizationTests(KeyedProductFixture fixture) : IClassFixture<KeyedProductFixture>
{
    private static readonly object Body = new { name = "auth", metric = "calls", threshold = 100 };

    [Fact]
    public async Task Only_admin_keys_write_rules_and_webhooks_and_a_rule_stays_in_its_project()
    {
        foreach (var caller in new[] { "viewer", "developer", "ingest" })
        {
            using var refused = await fixture.SendAsync(HttpMethod.Post, "/api/v1/alerts", caller, Body);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            using var hook = await fixture.SendAsync(HttpMethod.Post, "/api/v1/alerts/webhooks", caller, new { name = "h", url = "https://hooks.example.com/x" });
            Assert.Equal(HttpStatusCode.Forbidden, hook.StatusCode);
            using var hooks = await fixture.SendAsync(HttpMethod.Get, "/api/v1/alerts/webhooks", caller);
            Assert.Equal(HttpStatusCode.Forbidden, hooks.StatusCode);
        }

        using var created = await fixture.SendAsync(HttpMethod.Post, "/api/v1/alerts", "admin", Body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        foreach (var (method, path) in new[] { ("PUT", $"/api/v1/alerts/{id}"), ("DELETE", $"/api/v1/alerts/{id}") })
        {
            using var refused = await fixture.SendAsync(new HttpMethod(method), path, "developer", method == "PUT" ? Body : null);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await fixture.SendAsync(HttpMethod.Get, $"/api/v1/alerts/{id}", "viewer")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fixture.SendAsync(HttpMethod.Get, $"/api/v1/alerts/{id}/deliveries", "viewer")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.SendAsync(HttpMethod.Get, $"/api/v1/alerts/{id}", "beta")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.SendAsync(HttpMethod.Get, $"/api/v1/alerts/{id}/deliveries", "beta")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.SendAsync(HttpMethod.Put, $"/api/v1/alerts/{id}", "beta", Body)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.SendAsync(HttpMethod.Delete, $"/api/v1/alerts/{id}", "beta")).StatusCode);
        var betaList = await fixture.GetJsonAsync("/api/v1/alerts", "beta");
        Assert.DoesNotContain(id, betaList.GetProperty("data").EnumerateArray().Select(b => b.GetProperty("id").GetString()));
        Assert.Equal(HttpStatusCode.NoContent, (await fixture.SendAsync(HttpMethod.Delete, $"/api/v1/alerts/{id}", "admin")).StatusCode);
    }
}
