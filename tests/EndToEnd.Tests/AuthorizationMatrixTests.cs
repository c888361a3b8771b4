using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Observatory.EndToEnd.Tests;

/// <summary>
/// Every endpoint × {no key, wrong project, viewer, developer, admin, revoked} with Auth:Mode=keys, OTLP ingest included;
/// and isolation: nothing of project alpha is visible, countable or writable with a key of project beta.
/// </summary>
public sealed class AuthorizationMatrixTests(KeyedProductFixture fixture) : IClassFixture<KeyedProductFixture>
{
    private ObservatoryTestHost Host => fixture.Host;
    private Dictionary<string, string> Keys => fixture.Keys;
    private string AlphaTrace => fixture.AlphaTrace;

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
        Row("GET", "/api/v1/diagnostics/coverage", 401, 200, 200, 200, 200, 401);
        Row("POST", "/api/v1/traces/search", 401, 200, 200, 200, 200, 401);
        Row("GET", "/api/v1/export/traces?format=jsonl", 401, 200, 200, 200, 200, 401);
        Row("POST", "/api/v1/exports?format=csv", 401, 202, 202, 202, 202, 401);
        Row("GET", "/openapi/v1.json", 200, 200, 200, 200, 200, 200);
        Row("GET", "/api/v1/scores", 401, 200, 200, 200, 200, 401);
        Row("POST", "/api/v1/scores", 401, 201, 403, 201, 201, 401);
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

    [Fact]
    public async Task An_apps_ingest_key_may_post_a_score_to_its_own_project()
    {
        var traceId = Convert.ToHexString(Guid.NewGuid().ToByteArray()).ToLowerInvariant();
        using var response = await SendAsync(HttpMethod.Post, "/api/v1/scores", "ingest", new { traceId, name = "app-eval", value = 0.5 });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("alpha", await Host.Database.ScalarAsync<string>("SELECT project_id FROM scores WHERE trace_id = $1", traceId));
    }

    private static object? BodyFor(string method, string path) => (method, path) switch
    {
        ("PUT", var p) when p.StartsWith("/api/v1/pricing/") => new { rates = new { inputPerMillion = 1m, outputPerMillion = 2m } },
        ("POST", "/api/v1/pricing/recost") => new { model = "gpt-4o", from = "2026-01-01T00:00:00Z", to = "2026-01-02T00:00:00Z" },
        ("PUT", "/api/v1/settings") => new { captureContent = true },
        ("POST", "/api/v1/traces/search") => new { limit = 10 },
        ("POST", "/api/v1/scores") => new { traceId = "5b8efff798038103d269b633813fc60c", name = "matrix", value = 1.0 },
        ("POST", "/api/v1/admin/projects") => new { projectId = "gamma-" + Guid.NewGuid().ToString("N")[..6] },
        ("POST", var p) when p.EndsWith("/keys") => new { name = "k", role = "viewer", kind = "query" },
        _ => null,
    };

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string caller, object? body = null) =>
        fixture.SendAsync(method, path, caller, body);

    private Task<JsonElement> GetJsonAsync(string path, string caller) => fixture.GetJsonAsync(path, caller);

    private Task<HttpResponseMessage> PostTraceAsync(string traceId, string caller) => fixture.PostTraceAsync(traceId, caller);

    private Task<int> GrpcExportStatusAsync(string? key) => fixture.GrpcExportStatusAsync(key);
}
