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
                     "/api/v1/pricing/{provider}/{model}", "/api/v1/admin/projects",
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
}
