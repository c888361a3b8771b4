using System.Text.RegularExpressions;
using Observatory.Dashboards.Tests.Grafana;

namespace Observatory.Dashboards.Tests;

/// <summary>The dashboards point at data sources that are provisioned, configured the way the tests expand their SQL.</summary>
public sealed partial class ProvisioningTests
{
    private static readonly string Datasources = string.Join('\n',
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "datasources"), "*.yml").Select(File.ReadAllText));

    [Fact]
    public void The_PostgreSQL_source_groups_time_without_TimescaleDB_functions()
    {
        // With timescaledb: true Grafana would write time_bucket(), which plain PostgreSQL does not have; the SQL tests
        // expand $__timeGroup the portable way, so they hold only while this stays false.
        Assert.Matches(@"type: grafana-postgresql-datasource", Datasources);
        Assert.Matches(@"\n\s+timescaledb: false\n", Datasources);
    }

    [Fact]
    public void Every_panel_uses_a_provisioned_source_by_uid()
    {
        var provisioned = Uid().Matches(Datasources).Select(m => m.Groups[1].Value).ToHashSet();
        Assert.Equal(["observatory-pg", "observatory-prometheus"], provisioned.Order(StringComparer.Ordinal));
        foreach (var dashboard in DashboardFile.LoadAll())
        {
            var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "dashboards", dashboard.FileName));
            var used = DatasourceUid().Matches(text).Select(m => m.Groups[1].Value).Distinct();
            Assert.All(used, uid => Assert.True(provisioned.Contains(uid), $"{dashboard.FileName} uses data source '{uid}', which is not provisioned"));
            Assert.All(dashboard.Queries, q => Assert.Contains(q.DatasourceType, new[] { DashboardFile.PostgresType, DashboardFile.PrometheusType }));
        }
    }

    [GeneratedRegex(@"\n\s+uid: ([\w-]+)")]
    private static partial Regex Uid();

    [GeneratedRegex(@"""datasource"":\s*\{[^}]*?""uid"":\s*""([\w-]+)""")]
    private static partial Regex DatasourceUid();
}
