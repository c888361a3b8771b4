using Npgsql;
using Observatory.Core.Alerts;
using Observatory.Core.Budgets;
using Observatory.Storage.Budgets;

namespace Observatory.Storage.Alerts;

/// <summary>An alert's calls read from the stored spans: totals per minute of call start, and the spans stored recently.</summary>
public sealed record StoredAlertWindow(IReadOnlyDictionary<long, AlertTotals> Minutes, IReadOnlyList<(string TraceId, string SpanId)> RecentKeys);

/// <summary>
/// Reads an alert's window from <c>spans</c> with the live path's rules (model calls only, the budget scope's matching,
/// unknown cost and tokens as 0, error = span status error). Run when an alert grain activates or its rule changes,
/// never on each evaluation. Per-call latencies are read only for the rules that need them.
/// </summary>
public sealed class AlertWindowQuery(NpgsqlDataSource dataSource)
{
    public async Task<StoredAlertWindow> ReadAsync(string projectId, BudgetScope scope, long fromMinute, bool withLatencies, DateTimeOffset recentSince, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand();
        var fromWhere = ScopedCallsSql.FromWhereGroupByMinute(cmd, projectId, scope, fromMinute, recentSince);
        var latencies = withLatencies
            ? "array_agg((s.end_unix_nano - s.start_unix_nano) / 1e6::float8), array_agg(s.ttft_ms)"
            : "NULL::float8[], NULL::float8[]";
        cmd.CommandText =
            $"""
            SELECT {ScopedCallsSql.Minute} AS minute, count(*), count(*) FILTER (WHERE s.status = 2),
                   coalesce(sum(s.cost_usd), 0), coalesce(sum(coalesce(s.input_tokens, 0) + coalesce(s.output_tokens, 0)), 0),
                   {latencies},
                   {ScopedCallsSql.RecentKeys}
            {fromWhere}
            """;
        var minutes = new Dictionary<long, AlertTotals>();
        var recent = new List<(string, string)>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var minute = reader.GetInt64(0);
            var totals = new AlertTotals();
            if (withLatencies)
            {
                // One sample per call (its latency and TTFT), then the other counters from the same rows.
                var errors = reader.GetInt64(2);
                var durations = reader.GetFieldValue<double[]>(5);
                var ttfts = reader.GetFieldValue<double?[]>(6);
                for (var i = 0; i < durations.Length; i++)
                {
                    totals.Add(new AlertSample(minute, 0m, 0, false, durations[i], ttfts[i]));
                }

                totals.AddCounters(0, errors, reader.GetDecimal(3), reader.GetInt64(4));
            }
            else
            {
                totals.AddCounters(reader.GetInt64(1), reader.GetInt64(2), reader.GetDecimal(3), reader.GetInt64(4));
            }

            minutes[minute] = totals;
            ScopedCallsSql.ReadRecentKeys(reader, 7, recent);
        }

        return new StoredAlertWindow(minutes, recent);
    }
}
