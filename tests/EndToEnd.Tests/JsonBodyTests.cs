using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Observatory.EndToEnd.Tests;

/// <summary>Every endpoint that takes a JSON body answers a body of another type with a 415 that says so, and changes nothing.</summary>
public sealed class JsonBodyTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    public static TheoryData<string, string, string> Endpoints => new()
    {
        { "PUT", "/api/v1/pricing/openai/gpt-4o", """{"rates":{"inputPerMillion":1,"outputPerMillion":2}}""" },
        { "POST", "/api/v1/pricing/recost", """{"model":"gpt-4o","from":"2026-01-01T00:00:00Z","to":"2026-01-02T00:00:00Z"}""" },
        { "PUT", "/api/v1/settings", """{"captureContent":false}""" },
        { "POST", "/api/v1/traces/search", """{"filter":{"and":[]}}""" },
        { "POST", "/api/v1/admin/projects", """{"projectId":"json-body-test","name":"x"}""" },
        { "POST", "/api/v1/admin/projects/default/keys", """{"name":"k","role":"viewer","kind":"query"}""" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task A_body_that_is_not_json_gets_415_naming_the_type_and_changes_nothing(string method, string path, string json)
    {
        var before = await StateAsync();
        foreach (var contentType in new[] { "text/plain", "application/x-www-form-urlencoded", null })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(json)) };
            if (contentType is not null)
            {
                request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
            }

            using var response = await fixture.Host.Api.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(415 == (int)response.StatusCode, $"{method} {path} with {contentType ?? "no type"} answered {(int)response.StatusCode}: {text}");
            var error = JsonDocument.Parse(text).RootElement.GetProperty("error");
            Assert.Equal("unsupported_media_type", error.GetProperty("code").GetString());
            Assert.Contains(contentType ?? "nothing", error.GetProperty("message").GetString());
        }

        Assert.Equal(before, await StateAsync());
    }

    /// <summary>The same body as JSON is taken: the 415 above is about the type, not the content.</summary>
    [Fact]
    public async Task The_same_body_as_json_is_accepted()
    {
        using var response = await fixture.Host.Api.PostAsJsonAsync("/api/v1/traces/search", new { filter = new { and = Array.Empty<object>() } });
        Assert.Equal(200, (int)response.StatusCode);
    }

    private async Task<string> StateAsync()
    {
        var pricing = (await fixture.Host.GetJsonAsync("/api/v1/pricing")).GetProperty("custom").GetRawText();
        var settings = (await fixture.Host.GetJsonAsync("/api/v1/settings")).GetRawText();
        var projects = await fixture.Host.Database.ScalarAsync<long>("SELECT count(*) FROM projects");
        var keys = await fixture.Host.Database.ScalarAsync<long>("SELECT count(*) FROM api_keys");
        return $"{pricing} {settings} {projects} {keys}";
    }
}
