using Observatory.Grains.Contracts;
using Orleans.Concurrency;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using static Observatory.Grains.Tests.TestSpans;

namespace Observatory.Grains.Tests;

/// <summary>A cluster whose grain storage fails writes while <see cref="FailingGrainStorage.Failing"/> is set.</summary>
public sealed class FailingGrainStorageFixture : ObservatoryClusterFixture
{
    protected override void ConfigureGrainStorage(ISiloBuilder silo) =>
        silo.Services.AddGrainStorage(GrainStorageNames.Default, (_, _) => new FailingGrainStorage());
}

/// <summary>Keeps nothing; reads find no state, writes fail while <see cref="Failing"/> is set (a database outage).</summary>
public sealed class FailingGrainStorage : IGrainStorage
{
    public static volatile bool Failing;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Task.CompletedTask;

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (Failing)
        {
            throw new InvalidOperationException("Injected grain storage outage.");
        }

        grainState.ETag = Guid.NewGuid().ToString("N");
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Task.CompletedTask;
}

/// <summary>
/// What an exporter sees when feeding the grains fails after the spans were made durable: it gets an error,
/// retries the export, and the retry must still end with every span counted exactly once.
/// </summary>
public sealed class IngestFailureTests(FailingGrainStorageFixture fx) : IClassFixture<FailingGrainStorageFixture>
{
    [Fact]
    public async Task A_retry_after_a_failure_behind_the_durable_write_still_counts_the_spans_in_the_model_stats()
    {
        var project = NewProject();
        var calls = ModelCall.Random(new Random(5), 6, "openai", "gpt-4o", "chat-api", 30);
        var spans = ModelCall.ToSpans(calls);
        var ingest = fx.Client.GetGrain<IIngestGrain>(0);

        // The new model grain cannot register itself in the directory: its activation fails behind the durable write.
        // Whatever the exporter is told, it retries on an error, and its spans are then found stored already.
        FailingGrainStorage.Failing = true;
        IngestReply? first = null;
        try
        {
            first = await ingest.Ingest(project, spans.AsImmutable());
        }
        catch (Exception)
        {
        }
        finally
        {
            FailingGrainStorage.Failing = false;
        }

        Assert.Equal(6L, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM spans WHERE project_id = $1", project));
        if (first is null)
        {
            Assert.Equal(new IngestReply(0, 6, null), await ingest.Ingest(project, spans.AsImmutable()));
        }
        else
        {
            Assert.Equal(new IngestReply(6, 0, null), first);
        }

        var trace = await fx.Client.GetGrain<ITraceGrain>(GrainKeys.Trace(project, spans[0].TraceId)).GetSummary();
        Assert.Equal(6, trace?.LlmCallCount);

        // The model numbers get the calls once the grain can take them (the silo retries in the background), exactly once.
        var model = fx.Client.GetGrain<IModelGrain>(GrainKeys.Model(project, new ModelId("openai", "gpt-4o")));
        ModelStatsReply? stats = null;
        await StoredRows.Eventually(
            async () => (stats = await model.GetStats(BaseTime.AddHours(-1), BaseTime.AddHours(1), null)).RequestCount >= 6,
            () => $"the model grain to count the 6 calls; it has {stats?.RequestCount}");
        ModelCall.AssertStats(calls, stats!);
        Assert.Equal(new IngestReply(0, 6, null), await ingest.Ingest(project, spans.AsImmutable()));
        ModelCall.AssertStats(calls, await model.GetStats(BaseTime.AddHours(-1), BaseTime.AddHours(1), null));
    }
}
