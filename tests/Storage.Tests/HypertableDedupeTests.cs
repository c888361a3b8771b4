using Npgsql;
using Observatory.Core.Logs;
using Observatory.Core.Spans;
using Observatory.Storage.Derived;
using Observatory.Storage.Logs;
using Observatory.Storage.Spans;
using Observatory.Storage.Traces;
using Observatory.TestSupport;

namespace Observatory.Storage.Tests;

/// <summary>
/// Re-sent exports on the storage layout of this run. On TimescaleDB the unique keys include the time column and the
/// rows may sit in compressed chunks, yet a resend must still store and count nothing twice.
/// </summary>
public sealed class HypertableDedupeTests
{
    [Fact]
    public async Task A_resent_span_export_adds_nothing_even_after_its_chunk_is_compressed()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        await using var dataSource = NpgsqlDataSource.Create(db.ConnectionString);
        await using var writer = new SpanWriter(dataSource, new SpanWriterOptions());
        var start = UnixNano.FromDateTime(DateTime.UtcNow.AddDays(-5));
        SpanRecord[] spans = [Span("root", null, start), Span("a", "root", start + 1_000_000), Span("b", "root", start + 2_000_000)];

        Assert.Equal(new[] { true, true, true }, (await writer.WriteAsync("p", spans, CancellationToken.None)).IsNew);
        await CompressAsync(db, "spans");
        await CompressAsync(db, "traces");

        Assert.Equal(new[] { false, false, false }, (await writer.WriteAsync("p", spans, CancellationToken.None)).IsNew);
        // A late span of the same trace lands in the compressed chunk and is counted once.
        var late = Span("c", "a", start + 3_000_000);
        Assert.Equal(new[] { true }, (await writer.WriteAsync("p", [late], CancellationToken.None)).IsNew);
        Assert.Equal(new[] { false }, (await writer.WriteAsync("p", [late], CancellationToken.None)).IsNew);

        Assert.Equal(4, await db.ScalarAsync<long>("SELECT count(*) FROM spans"));
        Assert.Equal(4, await db.ScalarAsync<int>("SELECT span_count FROM traces WHERE project_id = 'p' AND trace_id = 'trace-1'"));
        var audit = await DerivedDataAudit.RunAsync(dataSource, "p", CancellationToken.None);
        Assert.Empty(audit.Differences);
        Assert.Equal(4, audit.Spans);
    }

    [Fact]
    public async Task A_late_span_that_starts_earlier_moves_the_summary_to_its_new_start_once()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        await using var dataSource = NpgsqlDataSource.Create(db.ConnectionString);
        await using var writer = new SpanWriter(dataSource, new SpanWriterOptions());
        var start = UnixNano.FromDateTime(DateTime.UtcNow.AddDays(-5));
        await writer.WriteAsync("p", [Span("root", null, start), Span("a", "root", start + 1_000_000)], CancellationToken.None);
        await CompressAsync(db, "spans");
        await CompressAsync(db, "traces");

        // Ten days earlier: another chunk of spans and, on TimescaleDB (7-day chunks), of traces too.
        var earlier = UnixNano.FromDateTime(DateTime.UtcNow.AddDays(-15));
        Assert.Equal(new[] { true }, (await writer.WriteAsync("p", [Span("early", "root", earlier)], CancellationToken.None)).IsNew);
        Assert.Equal(new[] { false }, (await writer.WriteAsync("p", [Span("early", "root", earlier)], CancellationToken.None)).IsNew);

        Assert.Equal(1, await db.ScalarAsync<long>("SELECT count(*) FROM traces WHERE project_id = 'p' AND trace_id = 'trace-1'"));
        Assert.Equal(3, await db.ScalarAsync<int>("SELECT span_count FROM traces WHERE project_id = 'p' AND trace_id = 'trace-1'"));
        var earliestStored = await db.ScalarAsync<DateTime>("SELECT min(start_time) FROM spans");
        Assert.Equal(UnixNano.ToDateTime(earlier), earliestStored, TimeSpan.FromMicroseconds(1)); // the database keeps microseconds
        Assert.Equal(earliestStored, await db.ScalarAsync<DateTime>("SELECT start_time FROM traces WHERE trace_id = 'trace-1'"));
        Assert.Equal(earliestStored, await db.ScalarAsync<DateTime>("SELECT start_time FROM trace_keys WHERE trace_id = 'trace-1'"));
        if (TimescaleRun.IsOn)
        {
            Assert.Equal(2, await db.ScalarAsync<long>("SELECT count(*) FROM show_chunks('traces')"));
        }

        // A span between the two, sent later still, reads spans from the new start on and keeps the summary exact.
        await writer.WriteAsync("p", [Span("middle", "root", earlier + (start - earlier) / 2)], CancellationToken.None);
        Assert.Equal(4, await db.ScalarAsync<int>("SELECT span_count FROM traces WHERE project_id = 'p' AND trace_id = 'trace-1'"));
        var audit = await DerivedDataAudit.RunAsync(dataSource, "p", CancellationToken.None);
        Assert.Empty(audit.Differences);
        Assert.Equal(4, audit.Spans);

        // The trace view reads from the key's start time on, and still finds every span, earliest first.
        var view = await new TraceQueries(dataSource).GetSpansAsync("p", "trace-1", CancellationToken.None);
        Assert.Equal(["early", "middle", "root", "a"], view.Select(s => s.SpanId));
    }

    [Fact]
    public async Task A_resent_log_export_adds_nothing_even_after_its_chunk_is_compressed()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        await using var dataSource = NpgsqlDataSource.Create(db.ConnectionString);
        var writer = new LogEventWriter(dataSource);
        var time = UnixNano.FromDateTime(DateTime.UtcNow.AddDays(-5));
        LogEventRecord[] records =
        [
            new() { TraceId = "trace-1", SpanId = "a", RecordHash = "h1", TimeUnixNano = time, InputPart = "hello" },
            new() { TraceId = "trace-1", SpanId = "a", RecordHash = "h2", TimeUnixNano = time + 1, OutputPart = "hi" },
        ];

        Assert.Equal(2, await writer.WriteAsync("p", records, CancellationToken.None));
        await CompressAsync(db, "log_events");
        Assert.Equal(0, await writer.WriteAsync("p", records, CancellationToken.None));
        Assert.Equal(2, await db.ScalarAsync<long>("SELECT count(*) FROM log_events"));
    }

    /// <summary>On TimescaleDB, compresses every chunk of the table (and checks it did); on plain PostgreSQL, nothing.</summary>
    private static async Task CompressAsync(PostgresTestDatabase db, string table)
    {
        if (!TimescaleRun.IsOn)
        {
            return;
        }

        Assert.Equal(1, await db.ScalarAsync<long>($"SELECT count(compress_chunk(c)) FROM show_chunks('{table}') c"));
        Assert.Equal(1, await db.ScalarAsync<long>(
            $"SELECT count(*) FROM timescaledb_information.chunks WHERE hypertable_name = '{table}' AND is_compressed"));
    }

    private static SpanRecord Span(string id, string? parent, long start) => new()
    {
        TraceId = "trace-1",
        SpanId = id,
        ParentSpanId = parent,
        Name = "op-" + id,
        ServiceName = "svc",
        StartUnixNano = start,
        EndUnixNano = start + 5_000_000,
    };
}
