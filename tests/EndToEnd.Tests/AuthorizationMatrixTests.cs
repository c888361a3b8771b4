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
/// Every endpoint × {no key, wrong project, viewer, developer, admin, revoked} with Auth:Mode=keys, OTLP ingest included;
/// and isolation: nothing of project alpha is visible, countable or writable with a key of project beta.
/// </summary>
public sealed class AuthorizationMatrixTests(AuthorizationMatrixTests.KeysFixture fixture) : IClassFixture<AuthorizationMatrixTests.KeysFixture>
{
    private ObservatoryTestHost Host => fixture.Host;
    private Dictionary<string, string> Keys => fixture.Keys;
    private string AlphaTrace => fixture.AlphaTrace;

    /// <summary>One product with projects alpha and beta and a key per role, shared by the whole matrix.</summary>
    public sealed class KeysFixture : IAsyncLifetime
    {
        public ObservatoryTestHost Host { get; private set; } = null!;
        public Dictionary<string, string> Keys { get; } = new();
        public string AlphaTrace { get; private set; } = "";

        public async Task InitializeAsync()
        {
            Host = await ObservatoryTestHost.StartAsync("--Auth:Mode=keys", "--Auth:KeyCacheDuration=00:00:00");
            var t = new AuthorizationMatrixTests(this);
            AlphaTrace = await t.SetUpAsync();
        }

        public async Task DisposeAsync() => await Host.DisposeAsync();
    }

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

    public static TheoryData<string, string, string, int> Matrix()
    {
        // caller → expected status, per endpoint. "wrong" is an admin key of project beta.
        var data = new TheoryData<string, string, string, int>();
        void Row(string method, string path, int none, int wrong, int viewer, int developer, int admin, int revoked)
        {
            data.Add(method, path, "none", none);
            data.Add(method, path, "beta", wrong);
            data.Add(method, path, "viewer", viewer);
            data.Add(method, path, "developer", developer);
            data.Add(method, path, "admin", admin);
            data.Add(method, path, "revoked", revoked);
        }

        Row("GET", "/api/v1/traces", 401, 200, 200, 200, 200, 401);
        Row("GET", "/api/v1/traces/{alpha}", 401, 404, 200, 200, 200, 401);
        Row("GET", "/api/v1/models", 401, 200, 200, 200, 200, 401);
        Row("GET", "/api/v1/pricing", 401, 200, 200, 200, 200, 401);
        Row("PUT", "/api/v1/pricing/openai/gpt-4o", 401, 200, 403, 200, 200, 401);
        Row("POST", "/api/v1/pricing/recost", 401, 200, 403, 200, 200, 401);
        Row("GET", "/api/v1/settings", 401, 200, 200, 200, 200, 401);
        Row("PUT", "/api/v1/settings", 401, 200, 403, 200, 200, 401);
        Row("GET", "/api/v1/admin/projects", 401, 200, 403, 403, 200, 401);
        Row("POST", "/api/v1/admin/projects", 401, 403, 403, 403, 403, 401);
        Row("GET", "/api/v1/admin/projects/alpha/keys", 401, 404, 403, 403, 200, 401);
        Row("POST", "/api/v1/admin/projects/alpha/keys", 401, 404, 403, 403, 201, 401);
        Row("DELETE", "/api/v1/admin/projects/alpha/keys/obs_nosuchky", 401, 404, 403, 403, 404, 401);
        Row("GET", "/api/v1/metrics?metric=requests&interval=1h", 401, 200, 200, 200, 200, 401);
        Row("GET", "/api/v1/costs/summary", 401, 200, 200, 200, 200, 401);
        Row("GET", "/api/v1/costs/attribution?dimension=model", 401, 200, 200, 200, 200, 401);
        Row("GET", "/api/v1/costs/forecast", 401, 200, 200, 200, 200, 401);
        Row("GET", "/api/v1/sessions", 401, 200, 200, 200, 200, 401);
        Row("GET", "/api/v1/sessions/no-such-session", 401, 404, 404, 404, 404, 401);
        Row("GET", "/api/v1/users", 401, 200, 200, 200, 200, 401);
        Row("GET", "/api/v1/models/compare?models=gpt-4o,gpt-4o-mini", 401, 200, 200, 200, 200, 401);
        Row("POST", "/api/v1/traces/search", 401, 200, 200, 200, 200, 401);
        Row("GET", "/api/v1/export/traces?format=jsonl", 401, 200, 200, 200, 200, 401);
        Row("POST", "/api/v1/exports?format=csv", 401, 202, 202, 202, 202, 401);
        Row("GET", "/openapi/v1.json", 200, 200, 200, 200, 200, 200);
        Row("OTLP-HTTP", "/v1/traces", 401, 200, 403, 200, 200, 401);
        Row("OTLP-GRPC", "/v1/traces", 401, 200, 403, 200, 200, 401);
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Endpoint_answers_each_caller_as_specified(string method, string path, string caller, int expected)
    {
        if (method == "OTLP-GRPC")
        {
            Assert.Equal(expected, await GrpcExportStatusAsync(caller == "none" ? null : Keys[caller]));
            return;
        }

        using var response = method switch
        {
            "OTLP-HTTP" => await PostTraceAsync(Convert.ToHexString(Guid.NewGuid().ToByteArray()).ToLowerInvariant(), caller),
            _ => await SendAsync(new HttpMethod(method), path.Replace("{alpha}", AlphaTrace), caller, BodyFor(method, path)),
        };
        Assert.True(expected == (int)response.StatusCode, $"{method} {path} as {caller}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        if (expected is 401 or 403)
        {
            var error = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(expected == 401 ? "unauthorized" : "forbidden", error.GetProperty("error").GetProperty("code").GetString());
        }
    }

    [Fact]
    public async Task Nothing_of_project_alpha_is_visible_or_countable_with_a_key_of_project_beta()
    {
        var probe = Convert.ToHexString(Guid.NewGuid().ToByteArray()).ToLowerInvariant();
        using (var alphaIngest = await PostTraceAsync(probe, "developer"))
        {
            Assert.Equal(HttpStatusCode.OK, alphaIngest.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, $"/api/v1/traces/{probe}", "viewer")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, $"/api/v1/traces/{probe}", "beta")).StatusCode);
        Assert.DoesNotContain((await GetJsonAsync("/api/v1/traces?limit=1000", "beta")).GetProperty("data").EnumerateArray(),
            t => t.GetProperty("traceId").GetString() == probe);

        // Each key counts exactly its own project's calls.
        foreach (var (caller, project) in new[] { ("viewer", "alpha"), ("beta", "beta") })
        {
            var counted = (await GetJsonAsync("/api/v1/models", caller)).GetProperty("data").EnumerateArray().Sum(m => m.GetProperty("requestCount").GetInt64());
            var stored = await Host.Database.ScalarAsync<long>("SELECT count(*) FROM spans WHERE project_id = $1 AND is_llm", project);
            Assert.Equal(stored, counted);
        }

        // The same trace id sent with beta's key is beta's own trace: alpha's stays as it was.
        using (var betaIngest = await PostTraceAsync(probe, "beta"))
        {
            Assert.Equal(HttpStatusCode.OK, betaIngest.StatusCode);
        }

        Assert.Equal(2L, await Host.Database.ScalarAsync<long>("SELECT count(*) FROM spans WHERE trace_id = $1 AND project_id = 'alpha'", probe));
        Assert.Equal(2L, await Host.Database.ScalarAsync<long>("SELECT count(*) FROM spans WHERE trace_id = $1 AND project_id = 'beta'", probe));

        // Keys list shows prefixes only, never secrets or hashes.
        var keys = await GetJsonAsync("/api/v1/admin/projects/alpha/keys", "admin");
        var raw = keys.GetRawText();
        Assert.DoesNotContain(Keys["viewer"], raw);
        Assert.DoesNotContain("hash", raw, StringComparison.OrdinalIgnoreCase);
        Assert.All(keys.GetProperty("data").EnumerateArray(), k => Assert.Equal("alpha", k.GetProperty("projectId").GetString()));
    }

    [Fact]
    public async Task Keys_are_stored_only_as_hashes()
    {
        foreach (var secret in Keys.Values)
        {
            var stored = await Host.Database.ScalarAsync<long>(
                "SELECT count(*) FROM api_keys WHERE position($1 in key_id || encode(key_hash, 'hex') || name) > 0", secret);
            Assert.Equal(0L, stored);
        }

        Assert.True(await Host.Database.ScalarAsync<long>("SELECT count(*) FROM api_keys") >= Keys.Count);
    }

    private static object? BodyFor(string method, string path) => (method, path) switch
    {
        ("PUT", var p) when p.StartsWith("/api/v1/pricing/") => new { rates = new { inputPerMillion = 1m, outputPerMillion = 2m } },
        ("POST", "/api/v1/pricing/recost") => new { model = "gpt-4o", from = "2026-01-01T00:00:00Z", to = "2026-01-02T00:00:00Z" },
        ("PUT", "/api/v1/settings") => new { captureContent = true },
        ("POST", "/api/v1/traces/search") => new { limit = 10 },
        ("POST", "/api/v1/admin/projects") => new { projectId = "gamma-" + Guid.NewGuid().ToString("N")[..6] },
        ("POST", var p) when p.EndsWith("/keys") => new { name = "k", role = "viewer", kind = "query" },
        _ => null,
    };

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string caller, object? body = null)
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

    private async Task<JsonElement> GetJsonAsync(string path, string caller)
    {
        using var response = await SendAsync(HttpMethod.Get, path, caller);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<HttpResponseMessage> PostTraceAsync(string traceId, string caller)
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

    private async Task<int> GrpcExportStatusAsync(string? key)
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
