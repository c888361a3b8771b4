using Npgsql;
using Observatory.Dashboards.Tests.Grafana;
using Observatory.EndToEnd.Tests;

namespace Observatory.Dashboards.Tests;

/// <summary>
/// The product on a fresh, migrated database (whatever the test server is: plain PostgreSQL or TimescaleDB), fed the
/// <see cref="DashboardSeed"/> over OTLP; then queried the way Grafana queries it, with the SQL of the dashboards.
/// </summary>
public sealed class SeededProduct : IAsyncLifetime
{
    private ObservatoryTestHost _host = null!;

    public DashboardSeed Seed { get; } = new(DateTime.UtcNow);

    public async Task InitializeAsync()
    {
        _host = await ObservatoryTestHost.StartAsync();
        await Seed.SendAsync(_host);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    /// <summary>Grafana's view of a dashboard over the seed's window, with <paramref name="choices"/> for its variables ("All" otherwise).</summary>
    public async Task<GrafanaSqlMacros> ViewAsync(DashboardFile dashboard, TimeSpan interval, params (string Name, string[] Values)[] choices)
    {
        var (from, to) = Seed.Window;
        var values = new Dictionary<string, VariableValue>();
        // Variables in order: a later one's query may use an earlier one (the service list of $project).
        foreach (var variable in dashboard.Variables)
        {
            var options = await OptionsAsync(new GrafanaSqlMacros(from, to, interval, values).Expand(variable.Query));
            var chosen = choices.FirstOrDefault(c => c.Name == variable.Name).Values;
            if (chosen is null)
            {
                Assert.True(variable.IncludeAll || variable.Name == "project", $"{dashboard.FileName}: ${variable.Name} needs a choice");
                chosen = variable.Name == "project" ? ["default"] : options.ToArray();
            }

            Assert.All(chosen, c => Assert.Contains(c, options));
            values[variable.Name] = variable.Select(chosen);
        }

        return new GrafanaSqlMacros(from, to, interval, values);
    }

    /// <summary>Runs one expanded statement and returns its rows by column name.</summary>
    public async Task<IReadOnlyList<Row>> QueryAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_host.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<Row>();
        while (await reader.ReadAsync())
        {
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(new Row(row));
        }

        return rows;
    }

    private async Task<IReadOnlyList<string>> OptionsAsync(string sql) =>
        (await QueryAsync(sql)).Select(r => r.Text(r.Columns[0])!).ToArray();
}

/// <summary>One answer row, with the conversions Grafana would apply (numbers of any SQL type as double).</summary>
public sealed class Row(Dictionary<string, object?> values)
{
    public IReadOnlyList<string> Columns { get; } = values.Keys.ToArray();

    public double Number(string column) => values[column] is { } v ? Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture)
        : throw new InvalidOperationException($"{column} is null");

    public decimal Decimal(string column) => Convert.ToDecimal(values[column], System.Globalization.CultureInfo.InvariantCulture);

    public string? Text(string column) => values[column]?.ToString();

    public object? this[string column] => values[column];
}
