using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Grpc.Core;
using Observatory.Core.Projects;
using Observatory.Gateway.Otlp.Tests.Samples;
using Observatory.Web.Otlp;
using RpcStatus = Observatory.Gateway.Otlp.Proto.Rpc.Status;

namespace Observatory.Gateway.Otlp.Tests.Endpoints;

/// <summary>
/// The gateway wired as the standalone Gateway.Otlp (keys required, no exception handler) while its key store cannot
/// answer, as when PostgreSQL is down and a key has left the few-second cache: every export is answered with a code
/// exporters retry (HTTP 503 with Retry-After, gRPC UNAVAILABLE), never a 500 they would drop, and nothing is ingested.
/// </summary>
public sealed class KeyStoreOutageTests
{
    private static readonly string Key = ApiKeys.Generate().Secret;

    [Theory]
    [InlineData("/v1/traces", "application/x-protobuf")]
    [InlineData("/v1/logs", "application/json")]
    public async Task An_http_export_whose_key_cannot_be_checked_is_answered_503_with_retry_after(string path, string contentType)
    {
        await using var host = await OtlpTestHost.StartAsync(keys: new UnreachableKeyStore());
        var body = contentType == "application/json" ? "{\"resourceLogs\":[]}"u8.ToArray() : OtlpSamples.Request().ToByteArray();
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);

        using var response = await host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(OtlpUnavailableAnswer.RetryAfterSeconds), response.Headers.RetryAfter?.Delta);
        var answer = await response.Content.ReadAsByteArrayAsync();
        var code = contentType == "application/json"
            ? System.Text.Json.JsonDocument.Parse(answer).RootElement.GetProperty("code").GetInt32()
            : RpcStatus.Parser.ParseFrom(answer).Code;
        Assert.Equal(RpcCodes.Unavailable, code);
        Assert.Empty(host.Ingestor.Calls);
        Assert.Empty(host.LogIngestor.Calls);
    }

    [Fact]
    public async Task A_grpc_export_whose_key_cannot_be_checked_is_answered_unavailable()
    {
        await using var host = await OtlpTestHost.StartAsync(keys: new UnreachableKeyStore());

        var failure = await Assert.ThrowsAsync<RpcException>(() =>
            host.Grpc.ExportAsync(OtlpSamples.Request(), new Metadata { { "authorization", "Bearer " + Key } }).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, failure.StatusCode);
        Assert.Empty(host.Ingestor.Calls);
    }

    /// <summary>A key store whose database refuses connections (Npgsql surfaces the socket error the same way).</summary>
    private sealed class UnreachableKeyStore : IApiKeyLookup
    {
        public Task<ApiKeyRecord?> FindAsync(string keyId, CancellationToken cancellationToken) =>
            throw new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused);
    }
}
