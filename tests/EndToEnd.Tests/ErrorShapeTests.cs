using System.Net;
using System.Text.Json;

namespace Observatory.EndToEnd.Tests;

/// <summary>
/// Every error a client can get has a body in the shape of its port: the REST API's <c>{"error":{"code","message"}}</c>
/// and the OTLP receiver's google.rpc.Status. A control character in a REST query parameter is the caller's 400, not a
/// database error.
/// </summary>
public sealed class ErrorShapeTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private ObservatoryTestHost Host => fixture.Host;

    [Theory]
    [InlineData("/api/v1/traces?service=a%00b", "service", "U+0000")]
    [InlineData("/api/v1/traces?q=bell%07", "q", "U+0007")]
    [InlineData("/api/v1/models?from=2026%1B", "from", "U+001B")]
    public async Task Control_character_in_a_query_parameter_is_a_400_naming_it(string path, string parameter, string character)
    {
        using var response = await Host.Api.GetAsync(path);

        var error = await ApiErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("bad_request", error.GetProperty("code").GetString());
        Assert.Contains($"'{parameter}'", error.GetProperty("message").GetString());
        Assert.Contains(character, error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Unknown_api_path_is_a_404_in_the_api_error_shape()
    {
        using var response = await Host.Api.GetAsync("/api/v1/no-such-thing");

        var error = await ApiErrorAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("not_found", error.GetProperty("code").GetString());
        Assert.Contains("GET /api/v1/no-such-thing", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Wrong_method_on_an_api_path_is_a_405_with_allow_in_the_api_error_shape()
    {
        using var response = await Host.Api.DeleteAsync("/api/v1/traces");

        var error = await ApiErrorAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Equal("method_not_allowed", error.GetProperty("code").GetString());
        Assert.Contains("GET", response.Content.Headers.Allow);
        Assert.Contains("DELETE is not allowed on /api/v1/traces", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Unknown_otlp_path_is_a_404_google_rpc_status()
    {
        using var content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        using var response = await Host.Otlp.PostAsync("/v1/profiles", content);

        var status = await OtlpStatusAsync(response, HttpStatusCode.NotFound);
        Assert.Equal(5, status.GetProperty("code").GetInt32());
        Assert.Contains("/v1/profiles", status.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Wrong_method_on_an_otlp_path_is_a_405_with_allow_as_google_rpc_status()
    {
        using var response = await Host.Otlp.GetAsync("/v1/traces");

        var status = await OtlpStatusAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Equal(["POST"], response.Content.Headers.Allow);
        Assert.Contains("GET is not allowed on /v1/traces", status.GetProperty("message").GetString());
    }

    private static async Task<JsonElement> ApiErrorAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.GetProperty("error");
    }

    private static async Task<JsonElement> OtlpStatusAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement;
    }
}
