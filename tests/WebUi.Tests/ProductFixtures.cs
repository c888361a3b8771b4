using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Observatory.EndToEnd.Tests;

namespace Observatory.WebUi.Tests;

/// <summary>
/// The product with <c>Auth:Mode=none</c>, shared by every test of the browser collection; tests keep apart by service
/// and model names. Webhooks may target loopback, where the Budgets page test's receiver listens.
/// </summary>
public sealed class OpenProductFixture : IAsyncLifetime
{
    public ObservatoryTestHost Host { get; private set; } = null!;

    public string Url => $"http://127.0.0.1:{Host.ApiPort}/";

    public async Task InitializeAsync() => Host = await ObservatoryTestHost.StartAsync("--Alerts:AllowPrivateWebhookTargets=true");

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>
/// The product with <c>Auth:Mode=keys</c> (revocations seen at once), project <c>alpha</c> and a key per case: viewer,
/// admin, revoked and an ingest key for sending traces.
/// </summary>
public sealed class KeyedProductFixture : IAsyncLifetime
{
    public ObservatoryTestHost Host { get; private set; } = null!;

    public string Url => $"http://127.0.0.1:{Host.ApiPort}/";

    public Dictionary<string, string> Keys { get; } = [];

    public async Task InitializeAsync()
    {
        Host = await ObservatoryTestHost.StartAsync("--Auth:Mode=keys", "--Auth:KeyCacheDuration=00:00:00");
        // The operator key, as the bootstrap prints it on a fresh install.
        var store = new Storage.Projects.ProjectStore(Npgsql.NpgsqlDataSource.Create(Host.Database.ConnectionString));
        Keys["operator"] = (await store.CreateKeyAsync("default", Core.Projects.ApiKeyRole.Admin, Core.Projects.ApiKeyKind.Both, "operator", default)).Secret;
        using (var created = await SendAsync(HttpMethod.Post, "/api/v1/admin/projects", "operator", new { projectId = "alpha", name = "Alpha" }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        foreach (var (name, role, kind) in new[] { ("viewer", "viewer", "query"), ("admin", "admin", "both"), ("revoked", "viewer", "query"), ("ingest", "viewer", "ingest") })
        {
            using var response = await SendAsync(HttpMethod.Post, "/api/v1/admin/projects/alpha/keys", "operator", new { name, role, kind });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            Keys[name] = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
        }

        using var revoke = await SendAsync(HttpMethod.Delete, $"/api/v1/admin/projects/alpha/keys/{Keys["revoked"][..12]}", "operator");
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string caller, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Keys[caller]);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await Host.Api.SendAsync(request);
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>, ICollectionFixture<OpenProductFixture>
{
    public const string Name = "browser";
}
