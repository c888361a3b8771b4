using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Npgsql;
using Observatory.TestSupport;

namespace Observatory.EndToEnd.Tests;

/// <summary>When PostgreSQL refuses connections: /health says 503 and exports get 503 so exporters retry; both recover.</summary>
public sealed class DatabaseOutageTests : IAsyncLifetime
{
    private ObservatoryTestHost _host = null!;

    public async Task InitializeAsync() => _host = await ObservatoryTestHost.StartAsync();

    public async Task DisposeAsync()
    {
        await SetConnectionsAllowedAsync(true);
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Outage_gives_503_on_health_and_export_then_recovers()
    {
        var traceId = Convert.ToHexString(Guid.NewGuid().ToByteArray()).ToLowerInvariant();
        await SetConnectionsAllowedAsync(false);

        var (status, body) = await _host.GetWithStatusAsync("/health");
        Assert.Equal(503, status);
        Assert.Equal("unhealthy", body.GetProperty("status").GetString());

        using (var response = await PostAsync(traceId))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.NotNull(response.Headers.RetryAfter);
        }

        // Queries answer 503 with a message too, not an empty 500.
        var (listStatus, listBody) = await _host.GetWithStatusAsync("/api/v1/traces?service=outage-svc");
        Assert.Equal(503, listStatus);
        Assert.Equal("unavailable", listBody.GetProperty("error").GetProperty("code").GetString());

        await SetConnectionsAllowedAsync(true);
        Assert.Equal("healthy", (await _host.GetJsonAsync("/health")).GetProperty("status").GetString());

        // Like a real exporter: retry on 503 until accepted. Connections the outage broke may cost a retry or two.
        var accepted = false;
        for (var attempt = 0; attempt < 20 && !accepted; attempt++)
        {
            using var retried = await PostAsync(traceId);
            accepted = retried.StatusCode == HttpStatusCode.OK;
            if (!accepted)
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, retried.StatusCode);
                await Task.Delay(250);
            }
        }

        Assert.True(accepted, "the export was not accepted after the database came back");
        var trace = await _host.GetJsonAsync($"/api/v1/traces/{traceId}");
        Assert.Equal(2, trace.GetProperty("spans").GetArrayLength());

        // The model call is counted exactly once, however many attempts it took, as soon as the export was answered.
        var models = await _host.GetJsonAsync("/api/v1/models?service=outage-svc");
        Assert.Equal(1, models.GetProperty("data").EnumerateArray().Sum(m => m.GetProperty("requestCount").GetInt64()));
    }

    private async Task<HttpResponseMessage> PostAsync(string traceId)
    {
        var content = new ByteArrayContent(OtlpRequests.LlmTrace(traceId, "outage-svc", "gpt-4o", 10, 10).ToByteArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        return await _host.Otlp.PostAsync("/v1/traces", content);
    }

    /// <summary>Simulates an outage of this test's database only: refuse new connections and end the open ones.</summary>
    private async Task SetConnectionsAllowedAsync(bool allowed)
    {
        await using var conn = new NpgsqlConnection(PostgresTestDatabase.ServerConnectionString);
        await conn.OpenAsync();
        var name = _host.Database.Name;
        await using var alter = new NpgsqlCommand($"ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS {(allowed ? "true" : "false")}", conn);
        await alter.ExecuteNonQueryAsync();
        if (!allowed)
        {
            await using var kill = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", conn);
            kill.Parameters.AddWithValue(name);
            await kill.ExecuteNonQueryAsync();
        }
    }
}
