using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Google.Protobuf;

namespace Observatory.EndToEnd.Tests;

/// <summary>Bad input gets a clear error naming the problem; the process stays up and stored data is untouched.</summary>
public sealed class BadInputTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private ObservatoryTestHost Host => fixture.Host;

    public static TheoryData<string, string, byte[], int, string> BadRequests => new()
    {
        { "malformed protobuf", "application/x-protobuf", [0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01], 400, "protobuf" },
        { "malformed JSON", "application/json", Encoding.UTF8.GetBytes("{\"resourceSpans\": [ {"), 400, "JSON" },
        { "hex id of wrong length", "application/json", Encoding.UTF8.GetBytes(
            """{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"abc","spanId":"0102030405060708","name":"x"}]}]}]}"""), 400, "traceId" },
        { "wrong content type", "text/plain", Encoding.UTF8.GetBytes("hello"), 415, "text/plain" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_export_is_rejected_with_a_message_and_changes_nothing(string _, string contentType, byte[] body, int status, string messagePart)
    {
        var stored = await StoredCountsAsync();

        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await Host.Otlp.PostAsync("/v1/traces", content);

        Assert.Equal(status, (int)response.StatusCode);
        var message = await ErrorMessageAsync(response);
        Assert.Contains(messagePart, message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(stored, await StoredCountsAsync());
        await AssertStillServesAsync();
    }

    [Fact]
    public async Task Oversized_body_is_rejected_with_413_naming_the_limit()
    {
        var stored = await StoredCountsAsync();
        using var content = new ByteArrayContent(new byte[17 * 1024 * 1024]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        using var response = await Host.Otlp.PostAsync("/v1/traces", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("16777216", await ErrorMessageAsync(response));
        Assert.Equal(stored, await StoredCountsAsync());
        await AssertStillServesAsync();
    }

    private async Task AssertStillServesAsync()
    {
        var traceId = Convert.ToHexString(Guid.NewGuid().ToByteArray()).ToLowerInvariant();
        using var content = new ByteArrayContent(OtlpRequests.LlmTrace(traceId, "after-bad-input", "gpt-4o", 10, 10).ToByteArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        using var response = await Host.Otlp.PostAsync("/v1/traces", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var trace = await Host.GetJsonAsync($"/api/v1/traces/{traceId}");
        Assert.Equal(2, trace.GetProperty("spans").GetArrayLength());
    }

    private async Task<(long Spans, long Traces)> StoredCountsAsync()
    {
        // Spans written by AssertStillServesAsync belong to service 'after-bad-input' and are left out.
        var spans = await Host.Database.ScalarAsync<long>("SELECT count(*) FROM spans WHERE service_name <> 'after-bad-input'");
        var traces = await Host.Database.ScalarAsync<long>("SELECT count(*) FROM traces WHERE service_name <> 'after-bad-input'");
        return (spans, traces);
    }

    private static async Task<string> ErrorMessageAsync(HttpResponseMessage response)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (response.Content.Headers.ContentType?.MediaType == "application/x-protobuf")
        {
            return Observatory.Gateway.Otlp.Proto.Rpc.Status.Parser.ParseFrom(bytes).Message;
        }

        return Encoding.UTF8.GetString(bytes);
    }
}
