namespace Observatory.Dashboards.Tests;

/// <summary>
/// The process's own numbers on <c>/metrics</c> move by exactly what was sent, and every metric the "Observatory — self"
/// dashboard charts is in a real scrape.
/// </summary>
public sealed class SelfMetricsTests(MetricsTraffic traffic) : IClassFixture<MetricsTraffic>
{
    private const string Items = "observatory_otlp_items_total";
    private const string Exports = "observatory_otlp_export_duration_seconds_count";

    [Fact]
    public void Accepted_spans_and_log_records_are_counted_per_transport()
    {
        Assert.Equal(MetricsTraffic.HttpExportSpans.Sum(), traffic.Delta(Items, ("signal", "spans"), ("transport", "http"), ("outcome", "accepted")));
        Assert.Equal(MetricsTraffic.GrpcExportSpans, traffic.Delta(Items, ("signal", "spans"), ("transport", "grpc"), ("outcome", "accepted")));
        Assert.Equal(MetricsTraffic.HttpLogRecords, traffic.Delta(Items, ("signal", "logs"), ("transport", "http"), ("outcome", "accepted")));
        Assert.Equal(MetricsTraffic.GrpcLogRecords, traffic.Delta(Items, ("signal", "logs"), ("transport", "grpc"), ("outcome", "accepted")));
    }

    [Theory]
    [InlineData("spans", "http", 2)]
    [InlineData("spans", "grpc", 2)]
    [InlineData("logs", "http", 1)]
    [InlineData("logs", "grpc", 1)]
    public void An_export_the_store_could_not_take_is_counted_failed_with_its_items(string signal, string transport, int exports)
    {
        // One export per signal and transport during the database outage, answered 503 / UNAVAILABLE, and for spans one
        // more whose key could not be looked up: refused before it decoded, so it adds an export but no items.
        var items = signal == "spans" ? MetricsTraffic.OutageExportSpans : MetricsTraffic.OutageLogRecords;
        Assert.Equal(items, traffic.Delta(Items, ("signal", signal), ("transport", transport), ("outcome", "failed")));
        Assert.Equal(exports, traffic.Delta(Exports, ("signal", signal), ("transport", transport), ("outcome", "failed")));
    }

    [Theory]
    [InlineData("spans", "http", 1)]
    [InlineData("spans", "grpc", 2)]
    [InlineData("logs", "http", 1)]
    [InlineData("logs", "grpc", 2)]
    public void An_invalid_export_is_counted_rejected(string signal, string transport, int exports)
    {
        // HTTP: JSON cut off mid-array (400). gRPC: valid protobuf with a trace id of the wrong length, and a broken frame
        // the gRPC library refuses before the handler (both INVALID_ARGUMENT). Nothing decoded, so no item is counted.
        Assert.Equal(exports, traffic.Delta(Exports, ("signal", signal), ("transport", transport), ("outcome", "rejected")));
        Assert.Equal(0, traffic.Delta(Items, ("signal", signal), ("transport", transport), ("outcome", "rejected")));
    }

    [Fact]
    public void Export_latency_counts_every_answered_export_by_outcome()
    {
        Assert.Equal(MetricsTraffic.HttpExportSpans.Length, traffic.Delta(Exports, ("signal", "spans"), ("transport", "http"), ("outcome", "accepted")));
        Assert.Equal(1, traffic.Delta(Exports, ("signal", "spans"), ("transport", "grpc"), ("outcome", "accepted")));
        Assert.Equal(1, traffic.Delta(Exports, ("signal", "logs"), ("transport", "http"), ("outcome", "accepted")));
        Assert.Equal(1, traffic.Delta(Exports, ("signal", "logs"), ("transport", "grpc"), ("outcome", "accepted")));
        // Every export that reached the edge, and only those: the export without a key was refused before it.
        var accepted = MetricsTraffic.HttpExportSpans.Length + 3;   // + the gRPC span export and a log export per transport
        var rejected = MetricsTraffic.Routes.Length + 2;            // + the two broken gRPC frames
        var failed = MetricsTraffic.Routes.Length + 2;              // + the two exports whose key could not be looked up
        Assert.Equal(accepted + rejected + failed, traffic.Delta(Exports));
        Assert.True(traffic.Delta("observatory_otlp_export_duration_seconds_sum") > 0);
        Assert.Equal(traffic.Delta(Exports), traffic.Delta("observatory_otlp_export_duration_seconds_bucket", ("le", "+Inf")));
    }

    [Fact]
    public void Copy_batches_and_commits_are_measured()
    {
        var spans = MetricsTraffic.HttpExportSpans.Sum() + MetricsTraffic.GrpcExportSpans;
        var batches = traffic.Delta("observatory_storage_copy_rows_count", ("table", "spans"));
        Assert.InRange(batches, 1, MetricsTraffic.HttpExportSpans.Length + 1);   // group commit may merge exports
        Assert.Equal(spans, traffic.Delta("observatory_storage_copy_rows_sum", ("table", "spans")));
        Assert.Equal(MetricsTraffic.HttpLogRecords + MetricsTraffic.GrpcLogRecords, traffic.Delta("observatory_storage_copy_rows_sum", ("table", "log_events")));
        Assert.Equal(batches, traffic.Delta("observatory_storage_commit_duration_seconds_count", ("table", "spans")));
        Assert.True(traffic.Delta("observatory_storage_commit_duration_seconds_sum", ("table", "spans")) > 0);
        // The two span exports during the outage: each one retry on a fresh connection, then the transaction fails for
        // good. The two log exports fail without a retry.
        Assert.Equal(2, traffic.Delta("observatory_storage_write_retries_total", ("table", "spans")));
        Assert.Equal(2, traffic.Delta("observatory_storage_write_failures_total", ("table", "spans")));
        Assert.Equal(2, traffic.Delta("observatory_storage_write_failures_total", ("table", "log_events")));
        Assert.Equal(0, traffic.After.Sum("observatory_storage_span_writer_queued"));
    }

    [Fact]
    public void Refusals_health_and_grain_activations_are_visible()
    {
        Assert.Equal(1, traffic.Delta("observatory_auth_rejected_total", ("reason", "missing")));
        Assert.Equal(1, traffic.Delta("observatory_rate_limited_total", ("kind", "query")));
        Assert.Equal(1, traffic.After.Sum("observatory_health_status", ("check", "database")));
        Assert.Equal(1, traffic.After.Sum("observatory_health_status", ("check", "cluster")));
        // Orleans' own meter: activations per grain type, ours among them once ingest has run.
        Assert.Contains("projectpolicy", traffic.After.LabelValues("orleans_catalog_activations", "grain_type"));
        Assert.True(traffic.After.Sum("orleans_catalog_activations", ("grain_type", "projectpolicy")) >= 1);
        Assert.True(traffic.After.Has("http_server_request_duration_seconds_count"));   // ASP.NET Core
        Assert.True(traffic.After.Has("dotnet_gc_collections_total"));                  // the runtime
    }

    [Fact]
    public void Every_metric_of_the_self_dashboard_is_in_a_real_scrape()
    {
        var dashboard = Grafana.DashboardFile.LoadAll().Single(d => d.Uid == "observatory-self");
        Assert.Equal("Observatory — self", dashboard.Title);
        var expressions = dashboard.Queries.Where(q => q.DatasourceType == Grafana.DashboardFile.PrometheusType).Select(q => q.Text)
            .Concat(dashboard.Variables.Select(v => v.Query)).ToArray();
        Assert.True(expressions.Length >= 15, "the self dashboard lost its panels");
        var names = expressions.SelectMany(PromQlNames.Of).Distinct().Order(StringComparer.Ordinal).ToArray();
        Assert.Contains("observatory_otlp_items_total", names);   // the extraction finds names at all
        var scraped = traffic.After.Names.ToHashSet();
        Assert.All(names, name => Assert.True(scraped.Contains(name), $"'{name}' is charted but not in /metrics"));
    }

    [Theory]
    [InlineData("sum by (le) (rate(observatory_otlp_export_duration_seconds_bucket{outcome=\"accepted\", job=~\"$job\"}[$__rate_interval]))",
        "observatory_otlp_export_duration_seconds_bucket")]
    [InlineData("sum by (table) (rate(a_sum{x=\"y\"}[5m])) / sum by (table) (rate(a_count[5m]))", "a_sum,a_count")]
    [InlineData("label_values(dotnet_process_cpu_count, job)", "dotnet_process_cpu_count")]
    [InlineData("histogram_quantile(0.95, sum by (le, instance) (rate(db_bucket[1m])))", "db_bucket")]
    public void Metric_names_are_read_out_of_PromQL(string expression, string expected) =>
        Assert.Equal(expected.Split(','), PromQlNames.Of(expression));
}
