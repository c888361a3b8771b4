using Observatory.Grains.Contracts;
using Orleans.Concurrency;
using static Observatory.Grains.Tests.TestSpans;

namespace Observatory.Grains.Tests;

/// <summary>
/// Model usage: minute, hour and day buckets written by the ingest transaction and answered from the stored rows, the
/// same by any activation.
/// </summary>
public sealed class ModelGrainTests(ObservatoryClusterFixture fx) : IClassFixture<ObservatoryClusterFixture>
{
    private const string ChatApi = "chat-api";
    private const string BatchWorker = "batch-worker";

    private static readonly DateTime AllFrom = BaseTime.AddHours(-1);
    private static readonly DateTime AllTo = BaseTime.AddHours(1);

    private IIngestGrain Ingest => fx.Client.GetGrain<IIngestGrain>(0);

    private async Task IngestAsync(string project, IReadOnlyCollection<ModelCall> calls)
    {
        var reply = await Ingest.Ingest(project, ModelCall.ToSpans(calls).AsImmutable());
        Assert.Equal(new IngestReply(calls.Count, 0, null), reply);
    }

    [Fact]
    public async Task Totals_buckets_filters_and_reactivation_from_model_rollups()
    {
        var project = NewProject();
        var grain = fx.Client.GetGrain<IModelGrain>(GrainKeys.Model(project, new ModelId("openai", "gpt-4o")));
        var random = new Random(20250602);
        var chatMinute0 = ModelCall.Random(random, 40, "openai", "gpt-4o", ChatApi, 0);
        var workerMinute0 = ModelCall.Random(random, 30, "openai", "gpt-4o", BatchWorker, 0);
        var chatMinute1 = ModelCall.Random(random, 25, "openai", "gpt-4o", ChatApi, 1);
        List<ModelCall> all = [.. chatMinute0, .. workerMinute0, .. chatMinute1];
        Assert.InRange(all.Count(c => c.Error), 5, 40);
        Assert.InRange(all.Count(c => c.Input is null), 3, 40);

        // Several batches, mixing services and minutes.
        await IngestAsync(project, chatMinute0[..25]);
        await IngestAsync(project, [.. workerMinute0[..10], .. chatMinute1[..5]]);
        await IngestAsync(project, [.. chatMinute0[25..], .. workerMinute0[10..], .. chatMinute1[5..]]);

        var stats = await grain.GetStats(AllFrom, AllTo, null);
        Assert.Equal("openai", stats.Provider);
        Assert.Equal("gpt-4o", stats.Model);
        ModelCall.AssertStats(all, stats);
        Assert.Equal(95, stats.RequestCount);

        // Filters: one service; one minute; [from, to) is half-open.
        ModelCall.AssertStats(workerMinute0, await grain.GetStats(AllFrom, AllTo, BatchWorker));
        ModelCall.AssertStats([.. chatMinute0, .. chatMinute1], await grain.GetStats(AllFrom, AllTo, ChatApi));
        ModelCall.AssertStats(chatMinute1, await grain.GetStats(BaseTime.AddMinutes(1), BaseTime.AddMinutes(2), null));
        ModelCall.AssertStats([.. chatMinute0, .. workerMinute0], await grain.GetStats(BaseTime, BaseTime.AddMinutes(1), null));
        ModelCall.AssertStats(chatMinute0, await grain.GetStats(BaseTime, BaseTime.AddMinutes(1), ChatApi));
        var none = await grain.GetStats(BaseTime.AddMinutes(2), AllTo, null);
        Assert.Equal(0, none.RequestCount);
        Assert.Equal(0m, none.CostUsd);
        Assert.Null(none.LatencyP50);
        Assert.Equal(0, (await grain.GetStats(AllFrom, AllTo, "no-such-service")).RequestCount);

        // One row per (service, minute).
        var rows = await fx.Sql.RollupsAsync(project, "openai", "gpt-4o");
        Assert.Equal(
            [(BaseTime, BatchWorker), (BaseTime, ChatApi), (BaseTime.AddMinutes(1), ChatApi)],
            rows.Select(r => (r.BucketStart, r.ServiceName)));
        AssertRow(chatMinute0, rows[1]);
        AssertRow(workerMinute0, rows[0]);
        AssertRow(chatMinute1, rows[2]);

        // A new activation knows only what model_rollups holds, and answers the same.
        await fx.Cluster.DeactivateAsync(grain);
        Assert.Equal(stats, await grain.GetStats(AllFrom, AllTo, null));
        ModelCall.AssertStats(workerMinute0, await grain.GetStats(AllFrom, AllTo, BatchWorker));
        ModelCall.AssertStats(chatMinute1, await grain.GetStats(BaseTime.AddMinutes(1), BaseTime.AddMinutes(2), null));

        // More calls for a stored bucket add to it, they don't replace it.
        var moreChatMinute0 = ModelCall.Random(random, 12, "openai", "gpt-4o", ChatApi, 0);
        await IngestAsync(project, moreChatMinute0);
        ModelCall.AssertStats([.. all, .. moreChatMinute0], await grain.GetStats(AllFrom, AllTo, null));
        ModelCall.AssertStats([.. chatMinute0, .. moreChatMinute0], await grain.GetStats(BaseTime, BaseTime.AddMinutes(1), ChatApi));

        rows = await fx.Sql.RollupsAsync(project, "openai", "gpt-4o");
        Assert.Equal(3, rows.Count);
        AssertRow([.. chatMinute0, .. moreChatMinute0], rows[1]);
        AssertRow(workerMinute0, rows[0]);
        AssertRow(chatMinute1, rows[2]);

        // And once more through storage alone.
        await fx.Cluster.DeactivateAsync(grain);
        ModelCall.AssertStats([.. all, .. moreChatMinute0], await grain.GetStats(AllFrom, AllTo, null));
        Assert.Equal(107, (await grain.GetStats(AllFrom, AllTo, null)).RequestCount);
    }

    [Fact]
    public async Task The_rollups_are_stored_when_ingest_answers()
    {
        var project = NewProject();
        var calls = ModelCall.Random(new Random(11), 10, "openai", "gpt-4o-mini", BatchWorker, 5);

        await IngestAsync(project, calls);

        // No timer, no flush: the spans' transaction wrote the minute, the hour and the day.
        AssertRow(calls, Assert.Single(await fx.Sql.RollupsAsync(project, "openai", "gpt-4o-mini")));
        AssertRow(calls, Assert.Single(await fx.Sql.RollupsAsync(project, "openai", "gpt-4o-mini", "model_rollups_hourly")));
        AssertRow(calls, Assert.Single(await fx.Sql.RollupsAsync(project, "openai", "gpt-4o-mini", "model_rollups_daily")));
    }

    [Fact]
    public async Task Concurrent_batches_for_the_same_buckets_add_up_exactly()
    {
        // Sixteen exports at once, all for one model, service and minute: the writers take turns on the series lock.
        var project = NewProject();
        var random = new Random(16);
        var batches = Enumerable.Range(0, 16).Select(_ => ModelCall.Random(random, 12, "openai", "gpt-4o", ChatApi, 9)).ToList();

        await Task.WhenAll(batches.Select(batch => IngestAsync(project, batch)));

        var all = batches.SelectMany(b => b).ToList();
        var grain = fx.Client.GetGrain<IModelGrain>(GrainKeys.Model(project, new ModelId("openai", "gpt-4o")));
        ModelCall.AssertStats(all, await grain.GetStats(AllFrom, AllTo, null));
        AssertRow(all, Assert.Single(await fx.Sql.RollupsAsync(project, "openai", "gpt-4o")));
        AssertRow(all, Assert.Single(await fx.Sql.RollupsAsync(project, "openai", "gpt-4o", "model_rollups_daily")));
    }

    [Fact]
    public async Task Hours_and_days_hold_the_sums_of_their_minutes_and_answer_long_ranges()
    {
        var project = NewProject();
        var grain = fx.Client.GetGrain<IModelGrain>(GrainKeys.Model(project, new ModelId("openai", "gpt-4o-mini")));
        var random = new Random(20261126);

        // BaseTime is 10:00 on 2 June: minutes the day before, around the hour, and two days later, in two services.
        int[] minutes = [-700, -61, -1, 0, 1, 59, 60, 61, 2 * 1440 + 5];
        var calls = minutes.SelectMany(m => ModelCall.Random(random, 6, "openai", "gpt-4o-mini", m % 2 == 0 ? ChatApi : BatchWorker, m)).ToList();
        foreach (var batch in calls.Chunk(13))
        {
            await IngestAsync(project, batch);
        }

        (DateTime From, DateTime To)[] ranges =
        [
            (BaseTime.AddDays(-20), BaseTime.AddDays(10)),                  // days, with hours and minutes at both ends
            (BaseTime.Date, BaseTime.Date.AddDays(3)),                      // whole days only
            (BaseTime.AddHours(-1), BaseTime.AddHours(1)),                  // whole hours only
            (BaseTime.AddMinutes(-61), BaseTime.AddMinutes(61)),            // minutes, hours, minutes
            (BaseTime.Date.AddHours(-1).AddMinutes(40), BaseTime.AddHours(2)), // across midnight
            (BaseTime.AddMinutes(1), BaseTime.AddDays(2).AddMinutes(5)),    // the later edge is exclusive
        ];

        async Task AssertRangesAsync()
        {
            foreach (var (from, to) in ranges)
            {
                var inRange = calls.Where(c => c.StartUnixNano >= Nano(from) && c.StartUnixNano < Nano(to)).ToList();
                Assert.NotEmpty(inRange);
                ModelCall.AssertStats(inRange, await grain.GetStats(from, to, null));
                ModelCall.AssertStats(inRange.Where(c => c.Service == ChatApi).ToList(), await grain.GetStats(from, to, ChatApi));
            }
        }

        await AssertRangesAsync();

        // Stored: each hour and day row equals the sum of its minute rows, sketches included.
        var minuteRows = await fx.Sql.RollupsAsync(project, "openai", "gpt-4o-mini");
        foreach (var (table, size) in new[] { ("model_rollups_hourly", TimeSpan.FromHours(1)), ("model_rollups_daily", TimeSpan.FromDays(1)) })
        {
            var expected = minuteRows
                .GroupBy(r => (Start: new DateTime(r.BucketStart.Ticks - r.BucketStart.Ticks % size.Ticks, DateTimeKind.Utc), r.ServiceName))
                .OrderBy(g => g.Key.Start).ThenBy(g => g.Key.ServiceName, StringComparer.Ordinal)
                .Select(g => new RollupRow(g.Key.ServiceName, g.Key.Start, g.Sum(r => r.RequestCount), g.Sum(r => r.ErrorCount),
                    g.Sum(r => r.CallsWithoutUsage), g.Sum(r => r.InputTokens), g.Sum(r => r.OutputTokens), g.Sum(r => r.CostUsd), g.Sum(r => r.SketchCount)))
                .ToList();
            Assert.Equal(expected, await fx.Sql.RollupsAsync(project, "openai", "gpt-4o-mini", table));
        }

        Assert.Equal(3, (await fx.Sql.RollupsAsync(project, "openai", "gpt-4o-mini", "model_rollups_daily")).Select(r => r.BucketStart).Distinct().Count());

        // A new activation answers every range from the stored minutes, hours and days alone.
        await fx.Cluster.DeactivateAsync(grain);
        await AssertRangesAsync();

        // Late calls for a stored hour and day are added at every resolution.
        var late = ModelCall.Random(random, 5, "openai", "gpt-4o-mini", ChatApi, -700);
        await IngestAsync(project, late);
        calls.AddRange(late);
        await AssertRangesAsync();
        await fx.Cluster.DeactivateAsync(grain);
        await AssertRangesAsync();
    }

    private static long Nano(DateTime time) => (time - DateTime.UnixEpoch).Ticks * 100;

    private static void AssertRow(IReadOnlyCollection<ModelCall> calls, RollupRow row)
    {
        Assert.Equal(calls.Count, row.RequestCount);
        Assert.Equal(calls.Count(c => c.Error), row.ErrorCount);
        Assert.Equal(calls.Count(c => c.Input is null && c.Output is null), row.CallsWithoutUsage);
        Assert.Equal(calls.Sum(c => c.Input ?? 0), row.InputTokens);
        Assert.Equal(calls.Sum(c => c.Output ?? 0), row.OutputTokens);
        Assert.Equal(calls.Sum(c => c.Cost), row.CostUsd);
        Assert.Equal(calls.Count, row.SketchCount);
    }
}
