using System.Net;
using System.Text.Json;

namespace Observatory.EndToEnd.Tests;

/// <summary>The OpenAPI document and the interactive reference page.</summary>
public sealed class OpenApiTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private ObservatoryTestHost Host => fixture.Host;

    [Fact]
    public async Task Document_lists_the_api_with_parameters_and_nothing_else()
    {
        var doc = await Host.GetJsonAsync("/openapi/v1.json");
        Assert.StartsWith("3.", doc.GetProperty("openapi").GetString());
        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        foreach (var expected in new[]
                 {
                     "/api/v1/traces", "/api/v1/traces/{traceId}", "/api/v1/models", "/api/v1/pricing", "/api/v1/settings",
                     "/api/v1/export/traces", "/api/v1/exports", "/api/v1/exports/{id}", "/api/v1/exports/{id}/download",
                     "/api/v1/traces/search", "/api/v1/metrics", "/api/v1/costs/summary", "/api/v1/sessions/{id}", "/api/v1/models/compare",
                     "/api/v1/pricing/{provider}/{model}", "/api/v1/admin/projects", "/api/v1/diagnostics/coverage",
                     "/api/v1/budgets", "/api/v1/budgets/{id}", "/api/v1/budgets/{id}/check", "/api/v1/budgets/check",
                     "/api/v1/alerts", "/api/v1/alerts/{id}", "/api/v1/alerts/{id}/deliveries", "/api/v1/alerts/webhooks", "/api/v1/alerts/webhooks/{id}",
                     "/api/v1/scores",
                 })
        {
            Assert.Contains(expected, paths);
        }

        Assert.All(paths, p => Assert.True(p.StartsWith("/api/v1/") || p == "/health", p));

        var export = doc.GetProperty("paths").GetProperty("/api/v1/export/traces").GetProperty("get");
        Assert.Equal("Export", export.GetProperty("tags")[0].GetString());
        Assert.False(string.IsNullOrEmpty(export.GetProperty("summary").GetString()));
        var exportParameters = Names(export.GetProperty("parameters"));
        Assert.Contains("format", exportParameters);
        Assert.Contains("service", exportParameters);
        Assert.Contains("from", exportParameters);

        var list = doc.GetProperty("paths").GetProperty("/api/v1/traces").GetProperty("get");
        Assert.Equal("Traces", list.GetProperty("tags")[0].GetString());
        Assert.Contains("cursor", Names(list.GetProperty("parameters")));
        var trace = doc.GetProperty("paths").GetProperty("/api/v1/traces/{traceId}").GetProperty("get");
        Assert.Contains("traceId", Names(trace.GetProperty("parameters")));
        Assert.True(doc.GetProperty("paths").GetProperty("/api/v1/exports/{id}").TryGetProperty("delete", out _));
        var scores = doc.GetProperty("paths").GetProperty("/api/v1/scores").GetProperty("get");
        Assert.Equal(["agent", "from", "groupBy", "model", "name", "service", "to"], Names(scores.GetProperty("parameters")).Order());
    }

    /// <summary>Every write that takes a body, with the fields its body has (the endpoints read them by hand).</summary>
    private static readonly Dictionary<string, string[]> BodyFields = new(StringComparer.Ordinal)
    {
        ["put /api/v1/pricing/{provider}/{model}"] = ["rates", "effectiveFrom", "tiers", "note"],
        ["post /api/v1/pricing/recost"] = ["provider", "model", "from", "to"],
        ["put /api/v1/settings"] = ["captureContent", "redaction"],
        ["post /api/v1/traces/search"] = ["filter", "limit", "cursor"],
        ["post /api/v1/admin/projects"] = ["projectId", "name"],
        ["post /api/v1/admin/projects/{projectId}/keys"] = ["name", "role", "kind"],
        ["post /api/v1/budgets"] = ["name", "period", "limitUsd", "limitTokens", "timeZone", "windowMinutes", "scope"],
        ["put /api/v1/budgets/{id}"] = ["name", "period", "limitUsd", "limitTokens", "timeZone", "windowMinutes", "scope"],
        ["post /api/v1/alerts"] = ["name", "metric", "threshold", "windowMinutes", "minCalls", "budgetId", "webhookIds", "scope"],
        ["put /api/v1/alerts/{id}"] = ["name", "metric", "threshold", "windowMinutes", "minCalls", "budgetId", "webhookIds", "scope"],
        ["post /api/v1/alerts/webhooks"] = ["name", "url", "format", "secret"],
        ["post /api/v1/scores"] = ["traceId", "name", "spanId", "value", "boolean", "label", "comment", "author", "responseId", "id", "time"],
    };

    /// <summary>The fields each body cannot do without (the endpoint answers 400 without them).</summary>
    private static readonly Dictionary<string, string[]> RequiredFields = new(StringComparer.Ordinal)
    {
        ["put /api/v1/pricing/{provider}/{model}"] = ["rates"],
        ["post /api/v1/pricing/recost"] = ["model", "from", "to"],
        ["put /api/v1/settings"] = ["captureContent"],
        ["post /api/v1/traces/search"] = [],
        ["post /api/v1/admin/projects"] = ["projectId"],
        ["post /api/v1/admin/projects/{projectId}/keys"] = ["role", "kind"],
        ["post /api/v1/budgets"] = ["name", "period"],
        ["put /api/v1/budgets/{id}"] = ["name", "period"],
        ["post /api/v1/alerts"] = ["name", "metric", "threshold"],
        ["put /api/v1/alerts/{id}"] = ["name", "metric", "threshold"],
        ["post /api/v1/alerts/webhooks"] = ["name", "url"],
        ["post /api/v1/scores"] = ["traceId", "name"],
    };

    [Fact]
    public async Task Every_write_describes_its_json_body_with_the_fields_it_reads()
    {
        var doc = await Host.GetJsonAsync("/openapi/v1.json");
        var seen = new List<string>();
        foreach (var path in doc.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "post" or "put" or "patch"))
            {
                var key = $"{operation.Name} {path.Name}";
                if (key == "post /api/v1/exports")
                {
                    // Takes the filters of GET /export/traces as query parameters and reads no body.
                    Assert.False(operation.Value.TryGetProperty("requestBody", out _), key);
                    continue;
                }

                // A new write lands here until its body is described and listed above.
                Assert.True(BodyFields.ContainsKey(key), $"{key} is not known to have a body");
                Assert.True(operation.Value.TryGetProperty("requestBody", out var body), $"{key} has no requestBody");
                Assert.True(body.GetProperty("required").GetBoolean(), key);
                var schema = Resolve(doc, body.GetProperty("content").GetProperty("application/json").GetProperty("schema"));
                Assert.Equal(BodyFields[key].Order(), schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order());
                var required = schema.TryGetProperty("required", out var names) ? names.EnumerateArray().Select(n => n.GetString()!) : [];
                Assert.Equal(RequiredFields[key].Order(), required.Order());
                seen.Add(key);
            }
        }

        Assert.Equal(BodyFields.Keys.Order(), seen.Order());
    }

    [Fact]
    public async Task Nested_body_shapes_are_described_down_to_their_values()
    {
        var doc = await Host.GetJsonAsync("/openapi/v1.json");
        JsonElement BodySchema(string path, string method) => Resolve(doc,
            doc.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema"));

        // A price's rates are numbers, although a custom converter writes decimals.
        var rates = Resolve(doc, BodySchema("/api/v1/pricing/{provider}/{model}", "put").GetProperty("properties").GetProperty("rates"));
        Assert.Contains("number", Types(rates.GetProperty("properties").GetProperty("inputPerMillion")));
        Assert.Contains("number", Types(rates.GetProperty("properties").GetProperty("outputPerMillion")));

        // The search filter is a tree of itself, and lists the operators and fields the parser takes.
        var filter = Resolve(doc, BodySchema("/api/v1/traces/search", "post").GetProperty("properties").GetProperty("filter"));
        var node = filter.GetProperty("properties");
        Assert.Equal(filter.GetRawText(), Resolve(doc, node.GetProperty("not")).GetRawText());
        Assert.Equal(filter.GetRawText(), Resolve(doc, node.GetProperty("and").GetProperty("items")).GetRawText());
        var operators = node.GetProperty("op").GetProperty("enum").EnumerateArray().Select(o => o.GetString()).ToList();
        Assert.Equal(["eq", "ne", "gt", "gte", "lt", "lte", "in", "contains", "startsWith"], operators);
        Assert.Contains("costUsd", node.GetProperty("field").GetProperty("description").GetString());
        Assert.Contains("attr.<key>", node.GetProperty("field").GetProperty("description").GetString());

        // Settings carry the redaction policy's own fields.
        var redaction = Resolve(doc, BodySchema("/api/v1/settings", "put").GetProperty("properties").GetProperty("redaction"));
        Assert.True(redaction.GetProperty("properties").TryGetProperty("modes", out _));
    }

    [Fact]
    public async Task Metrics_answer_describes_its_three_point_shapes_with_the_token_kinds()
    {
        var doc = await Host.GetJsonAsync("/openapi/v1.json");
        var envelope = Resolve(doc, doc.GetProperty("paths").GetProperty("/api/v1/metrics").GetProperty("get").GetProperty("responses")
            .GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        var series = Resolve(doc, envelope.GetProperty("properties").GetProperty("series").GetProperty("items"));
        var shapes = series.GetProperty("properties").GetProperty("points").GetProperty("items").GetProperty("oneOf").EnumerateArray()
            .Select(s => Resolve(doc, s).GetProperty("properties").EnumerateObject().Select(p => p.Name).Order().ToArray())
            .ToList();
        Assert.Equal(
            [
                ["time", "value"],
                ["cacheRead", "cacheWrite", "input", "output", "reasoning", "time", "value"],
                ["count", "p50", "p95", "p99", "time"],
            ],
            shapes);
    }

    [Fact]
    public async Task Reference_page_answers_with_html()
    {
        using var response = await Host.Api.GetAsync("/docs");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    private static HashSet<string> Names(JsonElement parameters) =>
        parameters.EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToHashSet();

    /// <summary>A schema with its <c>$ref</c> followed, and a nullable <c>oneOf: [null, X]</c> taken as X.</summary>
    private static JsonElement Resolve(JsonElement doc, JsonElement schema)
    {
        if (schema.TryGetProperty("oneOf", out var alternatives))
        {
            schema = alternatives.EnumerateArray().Single(a => !(a.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "null"));
        }

        return schema.TryGetProperty("$ref", out var reference)
            ? doc.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!["#/components/schemas/".Length..])
            : schema;
    }

    private static IEnumerable<string> Types(JsonElement schema) => schema.GetProperty("type") is { ValueKind: JsonValueKind.Array } types
        ? types.EnumerateArray().Select(t => t.GetString()!)
        : [schema.GetProperty("type").GetString()!];
}
