using System.Text.Json;

namespace Observatory.Dashboards.Tests.Grafana;

/// <summary>A provisioned dashboard JSON as Grafana reads it: its panels' queries and its template variables.</summary>
public sealed record DashboardFile(string FileName, string Uid, string Title, IReadOnlyList<PanelQuery> Queries, IReadOnlyList<TemplateVariable> Variables)
{
    public const string PostgresType = "grafana-postgresql-datasource";
    public const string PrometheusType = "prometheus";

    /// <summary>The dashboards copied next to the tests from <c>deploy/grafana/dashboards</c>.</summary>
    public static IReadOnlyList<DashboardFile> LoadAll()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "dashboards");
        var files = Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(files);
        return files.Select(Load).ToArray();
    }

    public static DashboardFile Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement;
        var queries = new List<PanelQuery>();
        foreach (var panel in Panels(root))
        {
            var panelSource = panel.TryGetProperty("datasource", out var ds) ? ds : default;
            foreach (var target in panel.TryGetProperty("targets", out var targets) ? targets.EnumerateArray() : Enumerable.Empty<JsonElement>())
            {
                var source = target.TryGetProperty("datasource", out var own) ? own : panelSource;
                var type = source.ValueKind == JsonValueKind.Object ? source.GetProperty("type").GetString()! : "";
                var text = type == PrometheusType ? target.GetProperty("expr").GetString()! : target.GetProperty("rawSql").GetString()!;
                var format = target.TryGetProperty("format", out var f) ? f.GetString() ?? "table" : "table";
                queries.Add(new PanelQuery(panel.GetProperty("title").GetString()!, target.GetProperty("refId").GetString()!, type, text, format));
            }
        }

        var variables = root.GetProperty("templating").GetProperty("list").EnumerateArray().Select(v => new TemplateVariable(
            v.GetProperty("name").GetString()!,
            v.GetProperty("query") is { ValueKind: JsonValueKind.Object } q ? q.GetProperty("query").GetString()! : v.GetProperty("query").GetString()!,
            v.TryGetProperty("multi", out var multi) && multi.GetBoolean(),
            v.TryGetProperty("includeAll", out var all) && all.GetBoolean(),
            v.TryGetProperty("allValue", out var allValue) ? allValue.GetString() : null)).ToArray();
        return new DashboardFile(Path.GetFileName(path), root.GetProperty("uid").GetString()!, root.GetProperty("title").GetString()!, queries, variables);
    }

    /// <summary>Panels, including those nested in collapsed rows.</summary>
    private static IEnumerable<JsonElement> Panels(JsonElement container)
    {
        foreach (var panel in container.GetProperty("panels").EnumerateArray())
        {
            yield return panel;
            if (panel.TryGetProperty("panels", out _))
            {
                foreach (var nested in Panels(panel))
                {
                    yield return nested;
                }
            }
        }
    }
}

/// <summary>One query of a panel: SQL for the PostgreSQL data source, PromQL for Prometheus.</summary>
public sealed record PanelQuery(string PanelTitle, string RefId, string DatasourceType, string Text, string Format);

/// <summary>A dashboard template variable whose options come from a query.</summary>
public sealed record TemplateVariable(string Name, string Query, bool Multi, bool IncludeAll, string? AllValue)
{
    /// <summary>Grafana quotes and joins the values of a multi-value or "All" variable.</summary>
    public VariableValue Select(IReadOnlyList<string> values) => new(values, Multi || IncludeAll);
}
