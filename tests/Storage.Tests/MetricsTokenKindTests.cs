using Npgsql;
using Observatory.Core.Pricing;
using Observatory.Core.Spans;
using Observatory.Storage.Analytics;
using Observatory.Storage.Spans;
using Observatory.TestSupport;

namespace Observatory.Storage.Tests;

/// <summary>
/// The five token kinds of the metrics time series, over spans stored by the production writer (which adds them to the
/// minute, hour and day rollups in the same transaction). Seeded calls, 2025-06-10 (input / output / cache read / cache
/// write / reasoning):
/// <code>
/// 10:05 alice svc-chat  gpt-4o      1000 / 500 / 200 /  100     / 50
/// 10:40 bob   svc-chat  gpt-4o       400 /  40 / 300 /    0     /  0
///                       gpt-4o-mini 2000 / 300 /   0 / 1000     / 120
/// 11:15 alice svc-batch gpt-4o        10 /   1 /   0 /    0     /  0
///                       gpt-4o-mini without usage (counts 0 of every kind)
/// </code>
/// </summary>
public sealed class MetricsTokenKindTests : IAsyncLifetime
{
    private const string Project = "p";
    private static readonly DateTime Day = new(2025, 6, 10, 0, 0, 0, DateTimeKind.Utc);
    private static readonly SpanRecordFactory Factory = new(PriceCatalog.Default);
    private PostgresTestDatabase _db = null!;
    private NpgsqlDataSource _dataSource = null!;
    private MetricsQueries _queries = null!;

    public async Task InitializeAsync()
    {
        _db = await PostgresTestDatabase.CreateAsync();
        _dataSource = NpgsqlDataSource.Create(_db.ConnectionString);
        _queries = new MetricsQueries(_dataSource);
        await WriteAsync(expectNew: true);
    }

    public async Task DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task Rollup_series_sum_each_token_kind_per_model_and_hour()
    {
        var points = await _queries.CountersAsync(Query(TimeSpan.FromHours(1), AnalyticsDimension.Model), CancellationToken.None);

        Assert.Equal(
            [
                ("gpt-4o", Day.AddHours(10), new TokenCounts(1400, 540, 500, 100, 50)),
                ("gpt-4o", Day.AddHours(11), new TokenCounts(10, 1, 0, 0, 0)),
                ("gpt-4o-mini", Day.AddHours(10), new TokenCounts(2000, 300, 0, 1000, 120)),
                ("gpt-4o-mini", Day.AddHours(11), new TokenCounts(0, 0, 0, 0, 0)),
            ],
            points.Select(p => (p.Group, p.Time.ToUniversalTime(), p.Tokens)).ToArray());
    }

    [Fact]
    public async Task Day_rollups_and_span_series_give_the_same_kinds_and_a_resent_export_adds_nothing()
    {
        await WriteAsync(expectNew: false); // the exporter retried: every span is known, no sum moves

        var day = await _queries.CountersAsync(Query(TimeSpan.FromDays(1), null), CancellationToken.None);
        Assert.Equal([new TokenCounts(3410, 841, 500, 1100, 170)], day.Select(p => p.Tokens));
        Assert.Equal([5L], day.Select(p => p.Requests));

        // Grouped by user: read from spans, each call belonging to its trace's user.
        var users = await _queries.CountersAsync(Query(TimeSpan.FromDays(1), AnalyticsDimension.User), CancellationToken.None);
        Assert.Equal(
            [("alice", new TokenCounts(1010, 501, 200, 100, 50)), ("bob", new TokenCounts(2400, 340, 300, 1000, 120))],
            users.Select(p => (p.Group, p.Tokens)).ToArray());
    }

    private static MetricSeriesQuery Query(TimeSpan interval, AnalyticsDimension? groupBy) =>
        new(Project, Day, Day.AddDays(1), interval, groupBy, new MetricFilters());

    private async Task WriteAsync(bool expectNew)
    {
        SpanRecord[] spans =
        [
            Root("a1", "alice", "svc-chat", Day.AddHours(10).AddMinutes(5)),
            Call("a1", 2, "svc-chat", Day.AddHours(10).AddMinutes(5), "gpt-4o", 1000, 500, cacheRead: 200, cacheWrite: 100, reasoning: 50),
            Root("b1", "bob", "svc-chat", Day.AddHours(10).AddMinutes(40)),
            Call("b1", 2, "svc-chat", Day.AddHours(10).AddMinutes(40), "gpt-4o", 400, 40, cacheRead: 300),
            Call("b1", 3, "svc-chat", Day.AddHours(10).AddMinutes(41), "gpt-4o-mini", 2000, 300, cacheWrite: 1000, reasoning: 120),
            Root("a2", "alice", "svc-batch", Day.AddHours(11).AddMinutes(15)),
            Call("a2", 2, "svc-batch", Day.AddHours(11).AddMinutes(15), "gpt-4o", 10, 1),
            Call("a2", 3, "svc-batch", Day.AddHours(11).AddMinutes(16), "gpt-4o-mini", null, null),
        ];
        await using var writer = new SpanWriter(_dataSource, new SpanWriterOptions());
        var written = await writer.WriteAsync(Project, spans, CancellationToken.None);
        Assert.All(written.IsNew, isNew => Assert.Equal(expectNew, isNew));
    }

    private static SpanRecord Root(string trace, string user, string service, DateTime start) =>
        Span(trace, 1, null, "handle", service, start, [("user.id", user)]);

    private static SpanRecord Call(
        string trace, int id, string service, DateTime start, string model, long? input, long? output,
        long? cacheRead = null, long? cacheWrite = null, long? reasoning = null)
    {
        var attributes = new List<(string, object?)>
        {
            ("gen_ai.operation.name", "chat"), ("gen_ai.provider.name", "openai"), ("gen_ai.request.model", model),
        };
        foreach (var (key, value) in new[]
                 {
                     ("gen_ai.usage.input_tokens", input), ("gen_ai.usage.output_tokens", output),
                     ("gen_ai.usage.cache_read.input_tokens", cacheRead), ("gen_ai.usage.cache_creation.input_tokens", cacheWrite),
                     ("gen_ai.usage.reasoning.output_tokens", reasoning),
                 })
        {
            if (value is { } v)
            {
                attributes.Add((key, v));
            }
        }

        var span = Span(trace, id, 1, "chat " + model, service, start, [.. attributes]);
        Assert.True(span.Llm is { IsModelCall: true }, "the normalizer did not read the test span as a model call");
        return span;
    }

    private static SpanRecord Span(string trace, int id, int? parent, string name, string service, DateTime start, (string Key, object? Value)[] attributes)
    {
        var startNano = UnixNano.FromDateTime(start);
        return Factory.Create(new SpanData
        {
            TraceId = trace.PadLeft(32, '0'),
            SpanId = id.ToString("x16"),
            ParentSpanId = parent?.ToString("x16"),
            Name = name,
            Kind = SpanKind.Internal,
            StartUnixNano = startNano,
            EndUnixNano = startNano + 200_000_000,
            Attributes = attributes.Select(a => KeyValuePair.Create(a.Key, a.Value)).ToList(),
            ResourceAttributes = [KeyValuePair.Create<string, object?>("service.name", service)],
        });
    }
}
