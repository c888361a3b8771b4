using System.Net.Http.Headers;
using System.Text.Json;
using Google.Protobuf;

namespace Observatory.EndToEnd.Tests;

/// <summary>
/// No cached answer reaches a caller who would not get it fresh. Every GET of the OpenAPI document is asked of the
/// product with the query cache on, first by the most privileged key of each project and then, within the cache
/// lifetime, by every lower role, key kind, other project and keyless caller; each answer must equal, status and body,
/// what the same caller gets from a second process on the same database with the cache off.
/// </summary>
public sealed class CachedAnswerSweepTests(CacheSweepFixture fixture) : IClassFixture<CacheSweepFixture>
{
    /// <summary>The privileged callers go first, so their answers are in the cache when the others ask.</summary>
    private static readonly string[] CallerOrder =
    [
        "operator", "alpha-admin", "beta-admin",
        "default-viewer", "alpha-developer", "alpha-query", "alpha-viewer", "alpha-ingest", "beta-viewer", "none", "wrong",
    ];

    [Fact]
    public async Task Every_caller_gets_from_the_cache_exactly_what_it_gets_fresh()
    {
        var paths = await GetPathsAsync();
        Assert.True(paths.Count >= 15, $"the OpenAPI document lists only {paths.Count} GET paths");
        var differences = new List<string>();
        var privilegedHits = 0;
        foreach (var path in paths)
        {
            foreach (var caller in CallerOrder)
            {
                var cached = await AskAsync(fixture.Cached, path, caller);
                var fresh = await AskAsync(fixture.Fresh, path, caller);
                if (cached.Status != fresh.Status || cached.Body != fresh.Body)
                {
                    differences.Add($"{caller} GET {path}: cache on {cached.Status} (X-Cache {cached.CacheStatus}) {Clip(cached.Body)}\n" +
                                    $"    cache off {fresh.Status} {Clip(fresh.Body)}");
                }
            }

            // The sweep only proves something if the privileged answers really were in the cache while the others asked.
            var again = await AskAsync(fixture.Cached, path, "alpha-admin");
            if (again.CacheStatus == "hit")
            {
                privilegedHits++;
            }
            else if (again.Status == 200 && Cacheable(path))
            {
                differences.Add($"alpha-admin GET {path}: a repeated 200 was not served from the cache (X-Cache {again.CacheStatus ?? "absent"})");
            }
        }

        Assert.True(differences.Count == 0, string.Join("\n", differences));
        Assert.True(privilegedHits >= 8, $"only {privilegedHits} paths were answered from the cache");
    }

    [Fact]
    public async Task Admin_answers_are_never_cached_and_never_reach_lower_roles()
    {
        foreach (var path in new[] { "/api/v1/admin/projects", "/api/v1/admin/projects/alpha/keys", "/api/v1/admin/projects/beta/keys" })
        {
            var operatorAnswer = await AskAsync(fixture.Cached, path, "operator");
            Assert.Equal(200, operatorAnswer.Status);
            Assert.Null(operatorAnswer.CacheStatus);
            Assert.Null((await AskAsync(fixture.Cached, path, "operator")).CacheStatus);
            foreach (var caller in new[] { "default-viewer", "alpha-developer", "alpha-viewer" })
            {
                var answer = await AskAsync(fixture.Cached, path, caller);
                Assert.True(answer.Status == 403, $"{caller} GET {path}: {answer.Status} {answer.Body}");
                Assert.DoesNotContain("keyId", answer.Body);
            }
        }
    }

    /// <summary>What the cache must hold: a 200 of a path that neither the configuration nor the endpoint excludes.</summary>
    private static bool Cacheable(string path) =>
        !path.StartsWith("/api/v1/admin", StringComparison.Ordinal) && !path.StartsWith("/api/v1/export", StringComparison.Ordinal)
        && !path.StartsWith("/api/v1/budgets", StringComparison.Ordinal) && !path.StartsWith("/api/v1/alerts", StringComparison.Ordinal)
        && !path.StartsWith("/api/v1/models?", StringComparison.Ordinal) && path != "/api/v1/models"
        && !path.StartsWith("/api/v1/traces/", StringComparison.Ordinal);

    private async Task<List<string>> GetPathsAsync()
    {
        var doc = await fixture.Fresh.GetJsonAsync("/openapi/v1.json");
        var paths = new List<string>();
        foreach (var path in doc.GetProperty("paths").EnumerateObject())
        {
            if (!path.Name.StartsWith("/api/v1/", StringComparison.Ordinal) || !path.Value.TryGetProperty("get", out var get)
                || OpenApiOperations.IsEventStream(path.Name))
            {
                continue;
            }

            paths.Add(fixture.Concrete(path.Name, get));
        }

        return paths;
    }

    private async Task<Answer> AskAsync(ObservatoryTestHost host, string path, string caller)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (fixture.Keys.TryGetValue(caller, out var key))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        using var response = await host.Api.SendAsync(request);
        var cacheStatus = response.Headers.TryGetValues("X-Cache", out var values) ? values.Single() : null;
        return new Answer((int)response.StatusCode, await response.Content.ReadAsStringAsync(), cacheStatus);
    }

    private static string Clip(string body) => body.Length <= 300 ? body : body[..300] + "…";

    private sealed record Answer(int Status, string Body, string? CacheStatus);
}

/// <summary>
/// Two processes of the product with <c>Auth:Mode=keys</c> on one database: <see cref="Cached"/> with the query cache
/// in Redis (a TTL longer than the sweep), <see cref="Fresh"/> with the cache off. Projects default, alpha and beta hold
/// the same sample trace; keys cover every role and kind.
/// </summary>
public sealed class CacheSweepFixture : IAsyncLifetime
{
    private const string SampleTrace = "5b8efff798038103d269b633813fc60c";

    public ObservatoryTestHost Cached { get; private set; } = null!;
    public ObservatoryTestHost Fresh { get; private set; } = null!;

    /// <summary>Secrets by caller name; "none" has no entry (no key is sent).</summary>
    public Dictionary<string, string> Keys { get; } = new();

    public async Task InitializeAsync()
    {
        Cached = await ObservatoryTestHost.StartAsync(
            [.. RedisTestServer.HostArgs(RedisTestServer.SharedEndpoint, out _), "--Auth:Mode=keys", "--QueryCache:TtlSeconds=600"]);
        Fresh = await ObservatoryTestHost.StartOnAsync(Cached.Database, "--Auth:Mode=keys", "--QueryCache:Enabled=false");

        var store = new Storage.Projects.ProjectStore(Npgsql.NpgsqlDataSource.Create(Cached.Database.ConnectionString));
        foreach (var project in new[] { "alpha", "beta" })
        {
            Assert.True(await store.CreateProjectAsync(project, project, default));
        }

        foreach (var (name, project, role, kind) in new[]
        {
            ("operator", "default", Core.Projects.ApiKeyRole.Admin, Core.Projects.ApiKeyKind.Both),
            ("default-viewer", "default", Core.Projects.ApiKeyRole.Viewer, Core.Projects.ApiKeyKind.Query),
            ("alpha-admin", "alpha", Core.Projects.ApiKeyRole.Admin, Core.Projects.ApiKeyKind.Both),
            ("alpha-developer", "alpha", Core.Projects.ApiKeyRole.Developer, Core.Projects.ApiKeyKind.Both),
            ("alpha-query", "alpha", Core.Projects.ApiKeyRole.Developer, Core.Projects.ApiKeyKind.Query),
            ("alpha-viewer", "alpha", Core.Projects.ApiKeyRole.Viewer, Core.Projects.ApiKeyKind.Query),
            ("alpha-ingest", "alpha", Core.Projects.ApiKeyRole.Admin, Core.Projects.ApiKeyKind.Ingest),
            ("beta-admin", "beta", Core.Projects.ApiKeyRole.Admin, Core.Projects.ApiKeyKind.Both),
            ("beta-viewer", "beta", Core.Projects.ApiKeyRole.Viewer, Core.Projects.ApiKeyKind.Query),
        })
        {
            Keys[name] = (await store.CreateKeyAsync(project, role, kind, name, default)).Secret;
        }

        Keys["wrong"] = Core.Projects.ApiKeys.Generate().Secret;

        var sample = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "test-data", "sample-trace.json"));
        foreach (var sender in new[] { "operator", "alpha-ingest", "beta-admin" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/traces") { Content = new StringContent(sample) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Add("x-api-key", Keys[sender]);
            using var response = await Cached.Otlp.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode, $"ingest as {sender}: {(int)response.StatusCode}");

            // And a call of this minute, for the answers over recent windows (model stats, costs, metrics).
            var recent = Convert.ToHexString(Guid.NewGuid().ToByteArray()).ToLowerInvariant();
            using var live = new HttpRequestMessage(HttpMethod.Post, "/v1/traces")
            {
                Content = new ByteArrayContent(OtlpRequests.LlmTrace(recent, "sweep-svc", "gpt-4o", 1200, 300).ToByteArray()),
            };
            live.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
            live.Headers.Add("x-api-key", Keys[sender]);
            using var liveResponse = await Cached.Otlp.SendAsync(live);
            Assert.True(liveResponse.IsSuccessStatusCode, $"ingest as {sender}: {(int)liveResponse.StatusCode}");
        }

        await WaitUntilBothAgreeAsync();
    }

    public async Task DisposeAsync()
    {
        await Fresh.DisposeAsync();
        await Cached.DisposeAsync();
    }

    /// <summary>
    /// A concrete request for an OpenAPI path: its path parameters filled with ids of the sample trace (or of nothing,
    /// for a 404), its required query parameters with a value the endpoint accepts. A new endpoint with a parameter not
    /// named here fails the sweep, so that it is added to it.
    /// </summary>
    public string Concrete(string template, JsonElement operation)
    {
        var path = template;
        var query = new List<string>();
        if (operation.TryGetProperty("parameters", out var parameters))
        {
            foreach (var parameter in parameters.EnumerateArray())
            {
                var name = parameter.GetProperty("name").GetString()!;
                var where = parameter.GetProperty("in").GetString();
                var required = parameter.TryGetProperty("required", out var r) && r.GetBoolean();
                if (where == "path")
                {
                    path = path.Replace("{" + name + "}", PathValue(template, name));
                }
                else if (where == "query" && (required || name is "from" or "to"))
                {
                    query.Add($"{name}={Uri.EscapeDataString(QueryValue(template, name))}");
                }
            }
        }

        return query.Count == 0 ? path : path + "?" + string.Join('&', query);
    }

    private static string PathValue(string template, string name) => (template, name) switch
    {
        (_, "traceId") => SampleTrace,
        (_, "projectId") => "alpha",
        ("/api/v1/sessions/{id}", "id") => "sess-7f3a91",
        ("/api/v1/users/{id}", "id") => "user-4821",
        (_, "id") => Guid.Empty.ToString(),
        _ => throw new InvalidOperationException($"The sweep has no value for path parameter '{name}' of {template}: add one."),
    };

    /// <summary>A fixed window around the data, so that answers do not move with the clock between the two processes.</summary>
    private static readonly DateTime WindowEnd = DateTime.UtcNow.Date.AddDays(1);

    private static string QueryValue(string template, string name) => name switch
    {
        "from" => WindowEnd.AddDays(-7).ToString("O"),
        "to" => WindowEnd.ToString("O"),
        "metric" => "requests",
        "interval" => "1h",
        "dimension" => "model",
        "models" => "gpt-4o,claude-3-5-sonnet-20241022",
        "format" => "jsonl",
        _ => throw new InvalidOperationException($"The sweep has no value for required query parameter '{name}' of {template}: add one."),
    };

    /// <summary>Live numbers (model stats, trace summaries) are flushed on a timer: wait until both processes see the same.</summary>
    private async Task WaitUntilBothAgreeAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        foreach (var caller in new[] { "operator", "alpha-admin", "beta-admin" })
        {
            foreach (var path in new[] { "/api/v1/models", "/api/v1/traces?limit=5", $"/api/v1/traces/{SampleTrace}" })
            {
                while (true)
                {
                    var a = await GetAsync(Cached, path, caller, noCache: true);
                    var b = await GetAsync(Fresh, path, caller, noCache: false);
                    if (a == b && a.Contains(path.EndsWith("/models") ? "gpt-4o" : SampleTrace))
                    {
                        break;
                    }

                    Assert.True(DateTime.UtcNow < deadline, $"{caller} GET {path}: the two processes still disagree:\n{a}\n{b}");
                    await Task.Delay(200);
                }
            }
        }
    }

    private async Task<string> GetAsync(ObservatoryTestHost host, string path, string caller, bool noCache)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Keys[caller]);
        if (noCache)
        {
            request.Headers.CacheControl = new CacheControlHeaderValue { NoCache = true };
        }

        using var response = await host.Api.SendAsync(request);
        return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
    }
}
