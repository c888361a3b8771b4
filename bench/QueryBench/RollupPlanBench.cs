using System.Diagnostics;
using Npgsql;
using Observatory.Core.Rollups;
using Observatory.Core.Spans;
using Observatory.Storage.Rollups;

namespace Observatory.Bench.QueryBench;

/// <summary>
/// Side by side in one run, on the same data: what a 30-day model-stats question costs when read from minutes only
/// (how ModelGrain read before hourly and daily rollups existed) and from the fewest minute/hour/day buckets that cover
/// the range (how it reads now). Every model is read and merged exactly as ModelGrain does it, all models concurrently
/// like <c>/api/v1/models</c>; the two answers must be equal, so the timing compares like with like.
/// </summary>
internal static class RollupPlanBench
{
    public static async Task<int> RunAsync(string postgres, string project, int days, int iterations, CancellationToken ct)
    {
        await using var dataSource = NpgsqlDataSource.Create(postgres);
        var store = new RollupStore(dataSource);
        var to = DateTime.UtcNow;
        var from = to.AddDays(-days);
        var models = new List<(string Provider, string Model)>();
        await using (var cmd = dataSource.CreateCommand("SELECT DISTINCT provider, model FROM model_rollups_daily WHERE project_id = @p"))
        {
            cmd.Parameters.AddWithValue("p", project);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                models.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        if (models.Count == 0)
        {
            Console.Error.WriteLine($"project '{project}' has no daily rollups: seed first (QueryBench seed)");
            return 1;
        }

        var modes = new[] { ("minutes only", RollupResolution.Minute), ("minutes+hours+days", RollupResolution.Day) };
        var samples = modes.Select(_ => new List<double>()).ToArray();
        var rows = new long[modes.Length];
        var answers = new string[modes.Length];
        Console.WriteLine($"{models.Count} models of project '{project}', {days} days; {iterations} rounds, the two plans alternating");
        for (var i = -1; i < iterations; i++)
        {
            for (var m = 0; m < modes.Length; m++)
            {
                var plan = RollupPlan.Cover(UnixNano.FromDateTime(from), UnixNano.FromDateTime(to), modes[m].Item2);
                var watch = Stopwatch.StartNew();
                var results = await Task.WhenAll(models.Select(async model =>
                {
                    var buckets = await store.LoadPlanAsync(project, model.Provider, model.Model, plan, null, ct);
                    var total = new ModelUsage();
                    foreach (var bucket in buckets)
                    {
                        total.Merge(bucket.Usage);
                    }

                    return (buckets.Count, total);
                }));
                var elapsed = watch.Elapsed.TotalMilliseconds;
                if (i < 0)
                {
                    continue; // warm-up round
                }

                samples[m].Add(elapsed);
                rows[m] = results.Sum(r => (long)r.Count);
                answers[m] = string.Join(";", results.Select(r =>
                    $"{r.total.RequestCount},{r.total.InputTokens},{r.total.CostUsd},{r.total.Latency.Quantile(0.5)},{r.total.Latency.Quantile(0.99)}"));
            }
        }

        for (var m = 0; m < modes.Length; m++)
        {
            Console.WriteLine($"  {modes[m].Item1,-20} rows read {rows[m],10:N0}   p50 {Percentile(samples[m], 0.5),9:F1} ms   p95 {Percentile(samples[m], 0.95),9:F1} ms");
        }

        Console.WriteLine($"  ratio (p50, minutes only ÷ coarse): {Percentile(samples[0], 0.5) / Percentile(samples[1], 0.5):F1}×");
        if (answers[0] != answers[1])
        {
            Console.Error.WriteLine("the two plans gave different answers: hourly/daily rollups are out of step with the minutes");
            return 2;
        }

        Console.WriteLine("  answers identical (calls, tokens, cost, p50 and p99 latency of every model)");
        return 0;
    }

    private static double Percentile(List<double> values, double q)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Floor(q * (sorted.Count - 1))];
    }
}
