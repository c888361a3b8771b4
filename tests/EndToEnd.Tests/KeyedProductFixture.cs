using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Observatory.Gateway.Otlp.Proto.Collector.Trace.V1;

namespace Observatory.EndToEnd.Tests;

/// <summary>
/// One product with <c>Auth:Mode=keys</c>, projects alpha and beta and a key per role (plus a revoked one), shared by the
/// whole authorization matrix; and the calls that present a caller's key over REST, OTLP/HTTP and OTLP/gRPC.
/// </summary>
public sealed class KeyedProductFixture : IAsyncLifetime
{
    public ObservatoryTestHost Host { get; private set; } = null!;

    /// <summary>Secrets by caller name: operator, viewer, developer, admin, revoked, ingest (alpha) and beta.</summary>
    public Dictionary<string, string> Keys { get; } = new();

    /// <summary>A trace of project alpha, sent with its ingest key.</summary>
    public string AlphaTrace { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Host = await ObservatoryTestHost.StartAsync("--Auth:Mode=keys", "--Auth:KeyCacheDuration=00:00:00");
        AlphaTrace = await SetUpAsync();
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    private async Task<string> SetUpAsync()
    {
        // KeyCacheDuration 0 (see the fixture): a revocation is seen by the next request, so the matrix is deterministic.
        // The operator key, as the bootstrap would print it on a fresh install.
        var store = new Observatory.Storage.Projects.ProjectStore(Npgsql.NpgsqlDataSource.Create(Host.Database.ConnectionString));
        Keys["operator"] = (await store.CreateKeyAsync("default", Core.Projects.ApiKeyRole.Admin, Core.Projects.ApiKeyKind.Both, "operator", default)).Secret;

        foreach (var project in new[] { "alpha", "beta" })
        {
            using var created = await SendAsync(HttpMethod.Post, "/api/v1/admin/projects", "operator", new { projectId = project, name = project });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        foreach (var (name, project, role, kind) in new[]
        {
            ("viewer", "alpha", "viewer", "query"), ("developer", "alpha", "developer", "both"), ("admin", "alpha", "admin", "both"),
            ("revoked", "alpha", "admin", "both"), ("ingest", "alpha", "viewer", "ingest"), ("beta", "beta", "admin", "both"),
        })
        {
            using var response = await SendAsync(HttpMethod.Post, $"/api/v1/admin/projects/{project}/keys", "operator", new { name, role, kind });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            Keys[name] = body.GetProperty("key").GetString()!;
            Assert.StartsWith(body.GetProperty("info").GetProperty("keyId").GetString()!, Keys[name]);
        }

        var revokedId = Keys["revoked"][..12];
        using (var revoke = await SendAsync(HttpMethod.Delete, $"/api/v1/admin/projects/alpha/keys/{revokedId}", "admin"))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }

        var alphaTrace = Convert.ToHexString(Guid.NewGuid().ToByteArray()).ToLowerInvariant();
        using var ingest = await PostTraceAsync(alphaTrace, "ingest");
        Assert.Equal(HttpStatusCode.OK, ingest.StatusCode);
        return alphaTrace;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string caller, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (caller != "none")
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Keys[caller]);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await Host.Api.SendAsync(request);
    }

    public async Task<JsonElement> GetJsonAsync(string path, string caller)
    {
        using var response = await SendAsync(HttpMethod.Get, path, caller);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<HttpResponseMessage> PostTraceAsync(string traceId, string caller)
    {
        // x-api-key here, Bearer elsewhere: both carry a key.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/traces")
        {
            Content = new ByteArrayContent(OtlpRequests.LlmTrace(traceId, "auth-svc", "gpt-4o", 10, 10).ToByteArray()),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        if (caller != "none")
        {
            request.Headers.Add("x-api-key", Keys[caller]);
        }

        return await Host.Otlp.SendAsync(request);
    }

    public async Task<int> GrpcExportStatusAsync(string? key)
    {
        using var channel = GrpcChannel.ForAddress(Host.GrpcEndpoint);
        var client = new TraceService.TraceServiceClient(channel);
        var headers = new Metadata();
        if (key is not null)
        {
            headers.Add("authorization", "Bearer " + key);
        }

        try
        {
            await client.ExportAsync(OtlpRequests.LlmTrace(Convert.ToHexString(Guid.NewGuid().ToByteArray()).ToLowerInvariant(), "auth-svc", "gpt-4o", 1, 1), headers);
            return 200;
        }
        catch (RpcException ex)
        {
            return ex.StatusCode switch { StatusCode.Unauthenticated => 401, StatusCode.PermissionDenied => 403, _ => (int)ex.StatusCode };
        }
    }
}
