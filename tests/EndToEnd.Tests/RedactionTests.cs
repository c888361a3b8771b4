using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Google.Protobuf;
using Npgsql;
using Observatory.Gateway.Otlp.Proto.Collector.Logs.V1;
using Observatory.Gateway.Otlp.Proto.Common.V1;
using Observatory.Gateway.Otlp.Proto.Logs.V1;

namespace Observatory.EndToEnd.Tests;

/// <summary>PII is redacted at ingest: the tables themselves never hold it. And content capture can be switched off.</summary>
public sealed class RedactionTests : IAsyncLifetime
{
    private const string Email = "jane.doe@example.com";
    private const string Card = "4111 1111 1111 1111";
    private const string Phone = "+1 415-555-0134";
    private const string Ip = "203.0.113.42";
    private const string ApiKey = "sk-proj-Ab3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z";
    private static readonly string[] Secrets = [Email, Card, Phone, Ip, ApiKey, "4111111111111111"];

    private ObservatoryTestHost _host = null!;

    public async Task InitializeAsync() => _host = await ObservatoryTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task No_raw_pii_reaches_postgresql_from_span_attributes_content_or_log_events()
    {
        using (var put = await _host.Api.PutAsJsonAsync("/api/v1/settings", new
        {
            captureContent = true,
            redaction = new { modes = new { email = "hash" }, hmacKey = "0123456789abcdef0123456789abcdef" },
        }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var traceId = Convert.ToHexString(Guid.NewGuid().ToByteArray()).ToLowerInvariant();
        var request = OtlpRequests.LlmTrace(traceId, "pii-svc", "gpt-4o", 100, 20);
        var llm = request.ResourceSpans[0].ScopeSpans[0].Spans[1];
        var prompt = $"My card is {Card}, mail me at {Email} or call {Phone}. Server {Ip}, key {ApiKey}.";
        llm.Attributes.Add(new KeyValue
        {
            Key = "gen_ai.input.messages",
            Value = new AnyValue { StringValue = $$"""[{"role":"user","parts":[{"type":"text","content":"{{prompt}}"}]}]""" },
        });
        llm.Attributes.Add(new KeyValue { Key = "user.email", Value = new AnyValue { StringValue = Email } });
        llm.Events.Add(new Observatory.Gateway.Otlp.Proto.Trace.V1.Span.Types.Event
        {
            Name = "exception",
            TimeUnixNano = llm.StartTimeUnixNano,
            Attributes = { new KeyValue { Key = "exception.message", Value = new AnyValue { StringValue = $"quota for {Email} exceeded" } } },
        });
        await PostAsync("/v1/traces", request.ToByteArray());

        var log = new ExportLogsServiceRequest
        {
            ResourceLogs =
            {
                new ResourceLogs
                {
                    ScopeLogs =
                    {
                        new ScopeLogs
                        {
                            LogRecords =
                            {
                                new LogRecord
                                {
                                    TimeUnixNano = llm.StartTimeUnixNano,
                                    EventName = "gen_ai.user.message",
                                    TraceId = llm.TraceId,
                                    SpanId = llm.SpanId,
                                    Body = new AnyValue
                                    {
                                        KvlistValue = new KeyValueList { Values = { new KeyValue { Key = "content", Value = new AnyValue { StringValue = prompt } } } },
                                    },
                                },
                            },
                        },
                    },
                },
            },
        };
        await PostAsync("/v1/logs", log.ToByteArray());

        // Every text column of every product table, read straight from PostgreSQL.
        var stored = await AllTextAsync();
        Assert.Contains("[REDACTED:credit_card]", stored);
        Assert.Contains("[email:hmac:", stored);
        foreach (var secret in Secrets)
        {
            Assert.DoesNotContain(secret, stored);
        }

        // Hash mode keeps equal values joinable: the same address hashes the same in the prompt and in user.email.
        var hashes = System.Text.RegularExpressions.Regex.Matches(stored, @"\[email:hmac:[0-9a-f]{16}\]").Select(m => m.Value).Distinct().ToList();
        Assert.Single(hashes);
    }

    [Fact]
    public async Task With_content_capture_off_prompts_and_completions_are_not_stored()
    {
        using (var put = await _host.Api.PutAsJsonAsync("/api/v1/settings", new { captureContent = false }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var traceId = Convert.ToHexString(Guid.NewGuid().ToByteArray()).ToLowerInvariant();
        var request = OtlpRequests.LlmTrace(traceId, "no-content-svc", "gpt-4o", 100, 20);
        request.ResourceSpans[0].ScopeSpans[0].Spans[1].Attributes.Add(new KeyValue
        {
            Key = "gen_ai.input.messages",
            Value = new AnyValue { StringValue = """[{"role":"user","parts":[{"type":"text","content":"tell me a secret"}]}]""" },
        });
        await PostAsync("/v1/traces", request.ToByteArray());

        Assert.Equal(0L, await _host.Database.ScalarAsync<long>(
            "SELECT count(*) FROM spans WHERE trace_id = $1 AND (input IS NOT NULL OR output IS NOT NULL)", traceId));
        var span = (await _host.GetJsonAsync($"/api/v1/traces/{traceId}")).GetProperty("spans").EnumerateArray()
            .Single(s => s.GetProperty("llm").ValueKind == System.Text.Json.JsonValueKind.Object);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, span.GetProperty("llm").GetProperty("input").ValueKind);
        Assert.False((await _host.GetJsonAsync("/api/v1/settings")).GetProperty("captureContent").GetBoolean());
    }

    private async Task PostAsync(string path, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        using var response = await _host.Otlp.PostAsync(path, content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<string> AllTextAsync()
    {
        await using var conn = new NpgsqlConnection(_host.Database.ConnectionString);
        await conn.OpenAsync();
        var text = new System.Text.StringBuilder();
        foreach (var table in new[] { "spans", "log_events", "traces" })
        {
            await using var cmd = new NpgsqlCommand($"SELECT t::text FROM {table} t", conn);
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                text.AppendLine(reader.GetString(0));
            }
        }

        return text.ToString();
    }
}
