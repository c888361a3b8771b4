using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Observatory.Gateway.Otlp.Proto.Collector.Trace.V1;
using Parquet;

namespace Observatory.EndToEnd.Tests;

/// <summary>Trace export, streamed and as jobs, over data this test wrote.</summary>
public sealed class ExportTests(HostFixture fixture) : IClassFixture<HostFixture>, IAsyncLifetime
{
    /// <summary>A service name that needs every CSV escape: a comma, quotes and a line break.</summary>
    public const string AwkwardService = "exp,\"csv\"\nsvc";
    public const string PlainService = "exp-plain";
    public const string Window = "from=2026-04-01T00:00:00Z&to=2026-04-02T00:00:00Z";
    public static readonly DateTime Base = new(2026, 4, 1, 10, 0, 0, DateTimeKind.Utc);
    private ObservatoryTestHost Host => fixture.Host;

    /// <summary>Trace ids newest first, as every export orders them.</summary>
    public static readonly string[] NewestFirst = Enumerable.Range(1, 5).Reverse().Select(TraceId).ToArray();

    public static string TraceId(int i) => $"{i:x2}".PadLeft(32, 'e');

    public async Task InitializeAsync() => await ExportTestData.SeedAsync(Host);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Csv_has_a_header_and_one_rfc4180_row_per_trace_with_exact_values()
    {
        var (status, contentType, body) = await GetTextAsync($"/api/v1/export/traces?format=csv&{Window}");
        Assert.Equal(200, status);
        Assert.StartsWith("text/csv", contentType);

        // The awkward name is quoted, its quotes doubled, its line break kept inside the quotes; records end with CRLF.
        Assert.Contains("\"exp,\"\"csv\"\"\nsvc\"", body);
        Assert.EndsWith("\r\n", body);
        var records = ExportTestData.ParseCsv(body);
        Assert.Equal(
            ["traceId", "serviceName", "rootSpanName", "startTime", "durationMs", "spanCount", "llmCallCount", "errorCount",
             "inputTokens", "outputTokens", "costUsd", "models", "userId", "sessionId"],
            records[0]);
        var rows = records.Skip(1).ToList();
        Assert.Equal(NewestFirst, rows.Select(r => r[0]));

        var list = await ListAsync(Window);
        for (var n = 0; n < rows.Count; n++)
        {
            var i = 5 - n;
            var row = rows[n];
            Assert.Equal(i % 2 == 1 ? AwkwardService : PlainService, row[1]);
            Assert.Equal("handle", row[2]);
            Assert.Equal(Base.AddMinutes(i), DateTime.Parse(row[3], null, System.Globalization.DateTimeStyles.AdjustToUniversal));
            Assert.Equal(["900", "2", "1", "0", $"{100 * i}", $"{10 * i}"], row[4..10]);
            Assert.Equal(list[n]["costUsd"]!.ToJsonString(), row[10]);
            Assert.Equal(i % 2 == 1 ? "gpt-4o" : "gpt-4o-mini", row[11]);
            Assert.Equal(["", ""], row[12..14]);
        }
    }

    [Fact]
    public async Task Jsonl_is_one_trace_list_object_per_line()
    {
        var (status, contentType, body) = await GetTextAsync($"/api/v1/export/traces?format=jsonl&{Window}");
        Assert.Equal(200, status);
        Assert.Equal("application/x-ndjson", contentType);
        var lines = body.Split('\n');
        Assert.Equal("", lines[^1]);
        var objects = lines[..^1].Select(l => JsonNode.Parse(l)!).ToList();
        var list = await ListAsync(Window);
        Assert.Equal(5, objects.Count);
        for (var n = 0; n < objects.Count; n++)
        {
            Assert.True(JsonNode.DeepEquals(list[n], objects[n]), $"line {n}: {objects[n].ToJsonString()} vs {list[n]!.ToJsonString()}");
        }

        Assert.Equal(AwkwardService, objects[0]["serviceName"]!.GetValue<string>());
        Assert.Equal(500, objects[0]["inputTokens"]!.GetValue<long>());
    }

    [Fact]
    public async Task Parquet_holds_every_row_with_typed_columns()
    {
        using var response = await Host.Api.GetAsync($"/api/v1/export/traces?format=parquet&{Window}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("PAR1"u8.ToArray(), bytes[..4]);
        Assert.Equal("PAR1"u8.ToArray(), bytes[^4..]);

        await using var reader = await ParquetReader.CreateAsync(new MemoryStream(bytes));
        var fields = reader.Schema.GetDataFields();
        Assert.Equal(14, fields.Length);
        using var group = reader.OpenRowGroupReader(0);
        Assert.Equal(5, group.RowCount);
        var ids = new string?[5];
        await group.ReadAsync(fields[0], ids.AsMemory());
        Assert.Equal(NewestFirst, ids);
        var input = new long[5];
        await group.ReadAsync<long>(fields.Single(f => f.Name == "inputTokens"), input.AsMemory());
        Assert.Equal([500L, 400, 300, 200, 100], input);
    }

    [Fact]
    public async Task Filters_of_the_trace_list_apply()
    {
        Assert.Equal([TraceId(4), TraceId(2)], await ExportedIdsAsync($"service={PlainService}&{Window}"));
        Assert.Equal([TraceId(5), TraceId(3), TraceId(1)], await ExportedIdsAsync($"model=gpt-4o&{Window}"));
        Assert.Equal([TraceId(3), TraceId(2)], await ExportedIdsAsync("from=2026-04-01T10:02:00Z&to=2026-04-01T10:04:00Z"));
        Assert.Empty(await ExportedIdsAsync($"status=error&{Window}"));
        Assert.Equal([TraceId(5), TraceId(3), TraceId(1)], await ExportedIdsAsync($"service={Uri.EscapeDataString(AwkwardService)}&{Window}"));
    }

    [Theory]
    [InlineData("/api/v1/export/traces?format=xml", "format")]
    [InlineData("/api/v1/export/traces?format=csv&from=yesterday", "from")]
    [InlineData("/api/v1/export/traces?format=csv&status=broken", "status")]
    [InlineData("/api/v1/export/traces?servce=typo", "servce")]
    [InlineData("/api/v1/exports/not-a-job", "not-a-job")]
    public async Task Malformed_requests_get_a_clear_error(string path, string named)
    {
        var (status, body) = await Host.GetWithStatusAsync(path);
        Assert.Equal(path.Contains("/exports/") ? 404 : 400, status);
        Assert.Contains(named, body.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Bad_format_on_a_job_is_400_and_creates_nothing()
    {
        using var response = await Host.Api.PostAsync("/api/v1/exports?format=xlsx", null);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'format'", await response.Content.ReadAsStringAsync());
        Assert.Equal(0L, await Host.Database.ScalarAsync<long>("SELECT count(*) FROM export_jobs WHERE format = 'xlsx'"));
    }

    [Fact]
    public async Task Job_runs_reports_progress_downloads_and_is_deleted()
    {
        using var created = await Host.Api.PostAsync($"/api/v1/exports?format=csv&service={PlainService}&{Window}", null);
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var job = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        var id = job.GetProperty("id").GetString()!;
        Assert.Equal($"/api/v1/exports/{id}", created.Headers.Location!.OriginalString);
        Assert.Contains(job.GetProperty("status").GetString(), new[] { "queued", "running", "done" });

        var done = await ExportTestData.WaitForJobAsync(Host, id, "done");
        Assert.Equal(2, done.GetProperty("rowsWritten").GetInt64());
        Assert.Equal(2, done.GetProperty("rowsEstimated").GetInt64());
        Assert.Equal(1.0, done.GetProperty("progress").GetDouble());
        Assert.Equal("csv", done.GetProperty("format").GetString());
        Assert.Equal($"/api/v1/exports/{id}/download", done.GetProperty("downloadUrl").GetString());

        var (status, contentType, file) = await GetTextAsync(done.GetProperty("downloadUrl").GetString()!);
        Assert.Equal(200, status);
        Assert.StartsWith("text/csv", contentType);
        var (_, _, streamed) = await GetTextAsync($"/api/v1/export/traces?format=csv&service={PlainService}&{Window}");
        Assert.Equal(streamed, file);
        Assert.Equal(Encoding.UTF8.GetByteCount(file), done.GetProperty("bytesWritten").GetInt64());

        using var deleted = await Host.Api.DeleteAsync($"/api/v1/exports/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(404, (await Host.GetWithStatusAsync($"/api/v1/exports/{id}")).Status);
        Assert.Equal(404, (await Host.GetWithStatusAsync($"/api/v1/exports/{id}/download")).Status);
    }

    [Fact]
    public async Task Jobs_and_traces_of_another_project_are_invisible()
    {
        // Another project's finished job and trace, written straight to the database (no key of that project is needed).
        var foreignJob = Guid.NewGuid();
        var path = Path.Combine(Path.GetTempPath(), $"foreign-{foreignJob:N}.csv");
        await File.WriteAllTextAsync(path, "secret");
        await Host.Database.ScalarAsync<int>(
            "INSERT INTO export_jobs (project_id, job_id, format, filter_query, status, file_path) VALUES ('other-project', $1, 'csv', '', 'done', $2) RETURNING 1",
            foreignJob, path);
        await Host.Database.ScalarAsync<int>(
            """
            INSERT INTO traces (project_id, trace_id, service_name, root_span_name, has_root, start_time, end_time, duration_ms, span_count,
                                llm_call_count, error_count, input_tokens, output_tokens, cost_usd, models)
            VALUES ('other-project', $1, 'exp-plain', 'secret', true, '2026-04-01T10:30:00Z', '2026-04-01T10:30:01Z', 1000, 1, 0, 0, 0, 0, 0, '{}')
            RETURNING 1
            """,
            new string('f', 32));

        Assert.Equal(404, (await Host.GetWithStatusAsync($"/api/v1/exports/{foreignJob}")).Status);
        Assert.Equal(404, (await Host.GetWithStatusAsync($"/api/v1/exports/{foreignJob}/download")).Status);
        using var delete = await Host.Api.DeleteAsync($"/api/v1/exports/{foreignJob}");
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Equal(1L, await Host.Database.ScalarAsync<long>("SELECT count(*) FROM export_jobs WHERE job_id = $1", foreignJob));
        Assert.Equal([TraceId(4), TraceId(2)], await ExportedIdsAsync($"service={PlainService}&{Window}"));
        File.Delete(path);
    }

    private async Task<string[]> ExportedIdsAsync(string filters)
    {
        var (status, _, body) = await GetTextAsync($"/api/v1/export/traces?format=csv&{filters}");
        Assert.True(status == 200, body);
        return ExportTestData.ParseCsv(body).Skip(1).Select(r => r[0]).ToArray();
    }

    private async Task<List<JsonNode>> ListAsync(string filters) =>
        (await Host.GetJsonAsync($"/api/v1/traces?{filters}")).GetProperty("data").EnumerateArray()
            .Select(e => JsonNode.Parse(e.GetRawText())!).ToList();

    private async Task<(int Status, string? ContentType, string Body)> GetTextAsync(string path)
    {
        using var response = await Host.Api.GetAsync(path);
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), await response.Content.ReadAsStringAsync());
    }
}

/// <summary>The known data of the export tests and the helpers they share.</summary>
public static class ExportTestData
{
    /// <summary>Five traces a minute apart: 1, 3, 5 in the awkward service (gpt-4o), 2, 4 in the plain one (gpt-4o-mini).</summary>
    public static async Task SeedAsync(ObservatoryTestHost host)
    {
        if (await host.Database.ScalarAsync<long>("SELECT count(*) FROM traces WHERE project_id = 'default' AND service_name IN ($1, $2)", ExportTests.AwkwardService, ExportTests.PlainService) == 5)
        {
            return;
        }

        for (var i = 1; i <= 5; i++)
        {
            var (service, model) = i % 2 == 1 ? (ExportTests.AwkwardService, "gpt-4o") : (ExportTests.PlainService, "gpt-4o-mini");
            await PostAsync(host, OtlpRequests.LlmTrace(ExportTests.TraceId(i), service, model, 100 * i, 10 * i, ExportTests.Base.AddMinutes(i)));
        }

        await AssertTracesStoredAsync(host, "project_id = 'default' AND service_name IN ('exp-plain', 'exp,\"csv\"\nsvc')", 5);
    }

    public static async Task<JsonElement> WaitForJobAsync(ObservatoryTestHost host, string id, string status)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var job = await host.GetJsonAsync($"/api/v1/exports/{id}");
            if (job.GetProperty("status").GetString() == status)
            {
                return job;
            }

            Assert.DoesNotContain(job.GetProperty("status").GetString(), new[] { "failed", "cancelled", "done" }.Where(s => s != status));
            await Task.Delay(100);
        }

        Assert.Fail($"export {id} did not reach '{status}' within 30 s");
        return default;
    }

    public static async Task PostAsync(ObservatoryTestHost host, ExportTraceServiceRequest request)
    {
        using var content = new ByteArrayContent(request.ToByteArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        (await host.Otlp.PostAsync("/v1/traces", content)).EnsureSuccessStatusCode();
    }

    /// <summary>Checks the trace summaries are stored (written with the spans, before each export was answered).</summary>
    public static async Task AssertTracesStoredAsync(ObservatoryTestHost host, string where, long count) =>
        Assert.Equal(count, await host.Database.ScalarAsync<long>($"SELECT count(*) FROM traces WHERE {where}"));

    /// <summary>A strict RFC 4180 reader: quoted fields with doubled quotes and embedded line breaks, CRLF record ends.</summary>
    public static List<string[]> ParseCsv(string text)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '"')
            {
                i++;
                while (true)
                {
                    if (text[i] == '"' && i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i += 2;
                    }
                    else if (text[i] == '"')
                    {
                        i++;
                        break;
                    }
                    else
                    {
                        field.Append(text[i++]);
                    }
                }
            }
            else if (text[i] == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
                i++;
            }
            else if (text[i] == '\r' && text[i + 1] == '\n')
            {
                fields.Add(field.ToString());
                field.Clear();
                records.Add([.. fields]);
                fields.Clear();
                i += 2;
            }
            else
            {
                Assert.NotEqual('\n', text[i]); // a bare LF outside quotes is not RFC 4180
                field.Append(text[i++]);
            }
        }

        Assert.Empty(fields);
        return records;
    }
}
