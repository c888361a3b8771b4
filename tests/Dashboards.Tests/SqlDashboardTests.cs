using Observatory.Dashboards.Tests.Grafana;

namespace Observatory.Dashboards.Tests;

/// <summary>
/// Every panel query of every SQL dashboard in <c>deploy/grafana/dashboards</c>, expanded as Grafana expands it and run
/// against the seeded database, answers what the seed says it must. A panel without an expectation here fails, so a new
/// panel arrives with its check.
/// </summary>
public sealed partial class SqlDashboardTests(SeededProduct product) : IClassFixture<SeededProduct>
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private DashboardSeed Seed => product.Seed;

    public static TheoryData<string, string, string> SqlPanels()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var dashboard in DashboardFile.LoadAll())
        {
            foreach (var query in dashboard.Queries.Where(q => q.DatasourceType == DashboardFile.PostgresType))
            {
                data.Add(dashboard.FileName, query.PanelTitle, query.RefId);
            }
        }

        return data;
    }

    [Fact]
    public void The_LLM_dashboards_are_provisioned()
    {
        var uids = DashboardFile.LoadAll().Where(d => d.Queries.Any(q => q.DatasourceType == DashboardFile.PostgresType)).Select(d => d.Uid);
        Assert.Equal(
            ["llm-observatory-cost", "llm-observatory-errors", "llm-observatory-latency", "llm-observatory-otlp-metrics", "llm-observatory-overview",
             "llm-observatory-sessions-users"],
            uids.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Panel_titles_are_unique_within_a_dashboard()
    {
        foreach (var dashboard in DashboardFile.LoadAll())
        {
            var titles = dashboard.Queries.Select(q => (q.PanelTitle, q.RefId)).ToArray();
            Assert.True(titles.Length == titles.Distinct().Count(), $"{dashboard.FileName} has two panels of one title: they could not be told apart here");
        }
    }

    [Fact]
    public void Every_expectation_names_a_panel()
    {
        var panels = DashboardFile.LoadAll().SelectMany(d => d.Queries.Select(q => (d.Uid, q.PanelTitle))).ToHashSet();
        Assert.All(Expectations.Keys, key => Assert.True(panels.Contains(key), $"no panel '{key.Panel}' on {key.Uid}"));
    }

    [Theory]
    [MemberData(nameof(SqlPanels))]
    public async Task Panel_answers_what_the_seed_says(string file, string panel, string refId)
    {
        var dashboard = DashboardFile.LoadAll().Single(d => d.FileName == file);
        var query = dashboard.Queries.Single(q => q.PanelTitle == panel && q.RefId == refId);
        var grafana = await product.ViewAsync(dashboard, Interval);
        var rows = await product.QueryAsync(grafana.Expand(query.Text));
        if (query.Format == "time_series")
        {
            AssertTimeSeriesShape(rows);
        }

        Assert.True(Expectations.TryGetValue((dashboard.Uid, panel), out var expectation),
            $"{file}: panel '{panel}' has no expectation in {nameof(SqlDashboardTests)}; add what the seed says it shows");
        expectation(this, rows);
    }

    [Fact]
    public async Task A_chosen_service_narrows_every_total_to_it()
    {
        var dashboard = DashboardFile.LoadAll().Single(d => d.Uid == "llm-observatory-cost");
        var grafana = await product.ViewAsync(dashboard, Interval, ("service", ["chat-api"]));
        var total = await product.QueryAsync(grafana.Expand(dashboard.Queries.Single(q => q.PanelTitle == "Total cost (USD)").Text));
        AssertMoney(Seed.Calls.Where(c => c.Service == "chat-api").Sum(c => c.Cost), Single(total).Number("cost"));
        var users = await product.QueryAsync(grafana.Expand(dashboard.Queries.Single(q => q.PanelTitle == "Cost by user").Text));
        Assert.Equal(["alice", "bob", "carol"], users.Select(r => r.Text("user")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_chosen_model_narrows_latency_to_it()
    {
        var dashboard = DashboardFile.LoadAll().Single(d => d.Uid == "llm-observatory-latency");
        var grafana = await product.ViewAsync(dashboard, Interval, ("model", ["gpt-4o-mini", "claude-3-5-sonnet"]));
        var rows = await product.QueryAsync(grafana.Expand(dashboard.Queries.Single(q => q.PanelTitle == "Latency by model (ms)").Text));
        Assert.Equal(["claude-3-5-sonnet", "gpt-4o-mini"], rows.Select(r => r.Text("model")).Order(StringComparer.Ordinal));
        Assert.Equal(5, rows.Single(r => r.Text("model") == "gpt-4o-mini").Number("calls"));
    }

    [Fact]
    public void Macros_expand_as_the_PostgreSQL_data_source_does()
    {
        var from = new DateTime(2026, 12, 3, 9, 0, 0, DateTimeKind.Utc);
        var macros = new GrafanaSqlMacros(from, from.AddHours(1).AddMilliseconds(500), TimeSpan.FromMinutes(5),
            new Dictionary<string, VariableValue>
            {
                ["project"] = VariableValue.Single("o'hare"),
                ["model"] = new(["gpt-4o", "it's"], QuotedList: true),
            });
        Assert.Equal(
            "SELECT floor(extract(epoch from t)/300)*300 AS \"time\" FROM x WHERE t BETWEEN '2026-12-03T09:00:00Z' AND '2026-12-03T10:00:00.5Z'"
            + " AND p = 'o''hare' AND m IN ('gpt-4o','it''s') AND n >= 1796288400 AND n <= 1796292000 AND g = floor(extract(epoch from t)/60)*60",
            macros.Expand("SELECT $__timeGroupAlias(t, $__interval) FROM x WHERE $__timeFilter(t) AND p = '$project' AND m IN (${model})"
                + " AND $__unixEpochFilter(n) AND g = $__timeGroup(t, '1m', 0)"));
        Assert.Equal("'2026-12-03T09:00:00Z'", macros.Expand("$__timeFrom()"));
    }

    private static void AssertTimeSeriesShape(IReadOnlyList<Row> rows)
    {
        Assert.NotEmpty(rows);
        Assert.Contains("time", rows[0].Columns);
        var times = rows.Select(r => r.Number("time")).ToArray();
        Assert.Equal(times.Order(), times);   // Grafana needs time series sorted by time
        Assert.All(times, t => Assert.Equal(0, t % Interval.TotalSeconds));
    }

    private static Row Single(IReadOnlyList<Row> rows) => Assert.Single(rows);

    private static void AssertMoney(decimal expected, double actual) => Assert.Equal((double)expected, actual, 1e-9);

    private static void AssertMs(double expected, double actual) => Assert.Equal(expected, actual, 1e-6);
}
