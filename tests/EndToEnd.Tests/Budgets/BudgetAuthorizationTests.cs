using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Observatory.EndToEnd.Tests.Budgets;

/// <summary>With <c>Auth:Mode=keys</c>: admins write budgets, any key of the project reads them, ingest keys may check them.</summary>
public sealed class BudgetAuthorizationTests(KeyedProductFixture fixture) : IClassFixture<KeyedProductFixture>
{
    private static readonly object Body = new { name = "auth", period = "day", limitUsd = 1m };

    [Fact]
    public async Task Only_admin_keys_write_budgets_and_the_budget_stays_in_its_project()
    {
        foreach (var caller in new[] { "viewer", "developer" })
        {
            using var refused = await fixture.SendAsync(HttpMethod.Post, "/api/v1/budgets", caller, Body);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using var created = await fixture.SendAsync(HttpMethod.Post, "/api/v1/budgets", "admin", Body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        foreach (var (method, path) in new[] { ("PUT", $"/api/v1/budgets/{id}"), ("DELETE", $"/api/v1/budgets/{id}") })
        {
            using var refused = await fixture.SendAsync(new HttpMethod(method), path, "developer", method == "PUT" ? Body : null);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await fixture.SendAsync(HttpMethod.Get, $"/api/v1/budgets/{id}", "viewer")).StatusCode);
        // Project beta's admin sees nothing of alpha's budget, and cannot change or delete it.
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.SendAsync(HttpMethod.Get, $"/api/v1/budgets/{id}", "beta")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.SendAsync(HttpMethod.Get, $"/api/v1/budgets/{id}/check", "beta")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.SendAsync(HttpMethod.Put, $"/api/v1/budgets/{id}", "beta", Body)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.SendAsync(HttpMethod.Delete, $"/api/v1/budgets/{id}", "beta")).StatusCode);
        var betaList = await fixture.GetJsonAsync("/api/v1/budgets", "beta");
        Assert.DoesNotContain(id, betaList.GetProperty("data").EnumerateArray().Select(b => b.GetProperty("id").GetString()));
        Assert.Equal(HttpStatusCode.NoContent, (await fixture.SendAsync(HttpMethod.Delete, $"/api/v1/budgets/{id}", "admin")).StatusCode);
    }

    [Fact]
    public async Task An_ingest_key_may_check_budgets_and_nothing_else_of_the_query_api()
    {
        using var created = await fixture.SendAsync(HttpMethod.Post, "/api/v1/budgets", "admin", Body);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        using var check = await fixture.SendAsync(HttpMethod.Get, $"/api/v1/budgets/{id}/check", "ingest");
        Assert.Equal(HttpStatusCode.OK, check.StatusCode);
        Assert.True((await check.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("allowed").GetBoolean());
        using var bulk = await fixture.SendAsync(HttpMethod.Get, "/api/v1/budgets/check?service=svc", "ingest");
        Assert.Equal(HttpStatusCode.OK, bulk.StatusCode);

        foreach (var path in new[] { "/api/v1/budgets", $"/api/v1/budgets/{id}", "/api/v1/traces" })
        {
            using var refused = await fixture.SendAsync(HttpMethod.Get, path, "ingest");
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.SendAsync(HttpMethod.Get, $"/api/v1/budgets/{id}/check", "none")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.SendAsync(HttpMethod.Get, $"/api/v1/budgets/{id}/check", "revoked")).StatusCode);
    }
}
