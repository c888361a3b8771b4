using Observatory.Grains.Contracts;
using Observatory.Storage.Derived;
using Observatory.Storage.Spans;
using Orleans.Concurrency;
using Orleans.Configuration;
using static Observatory.Grains.Tests.TestSpans;

namespace Observatory.Grains.Tests;

/// <summary>A cluster whose span writer runs <see cref="Fault"/> at each stage of its transaction, and whose client gives up on a call after 5 s.</summary>
public sealed class FaultInjectingClusterFixture : ObservatoryClusterFixture
{
    public static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(5);

    /// <summary>What the writer does at a stage; null does nothing. One test at a time sets it (tests of a class run in sequence).</summary>
    public static volatile Func<SpanWriteStage, ValueTask>? Fault;

    protected override SpanWriterOptions WriterOptions => new() { FaultInjection = stage => Fault?.Invoke(stage) ?? ValueTask.CompletedTask };

    protected override void ConfigureClient(IClientBuilder client) =>
        client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = ResponseTimeout);
}

/// <summary>
/// The failures that used to lose or double-count derived numbers, forced one by one: a COMMIT whose outcome the writer
/// cannot know, a failure just before COMMIT, and an ingest call that times out after it stored the spans. Each time the
/// exporter's view (retry until acknowledged) must end with every span stored once and every total equal to a
/// recomputation from the spans.
/// </summary>
public sealed partial class ExactlyOnceTests(FaultInjectingClusterFixture fx) : IClassFixture<FaultInjectingClusterFixture>, IDisposable
{
    private static readonly DateTime From = BaseTime.AddHours(-1);
    private static readonly DateTime To = BaseTime.AddHours(1);

    private IIngestGrain Ingest => fx.Client.GetGrain<IIngestGrain>(0);

    public void Dispose() => FaultInjectingClusterFixture.Fault = null;

    [Fact]
    public async Task A_COMMIT_whose_outcome_is_unknown_is_retried_and_counts_every_span_once()
    {
        var (project, calls, spans) = Batch(seed: 1);
        var failures = 0;
        // The COMMIT succeeds, then the connection breaks before the writer hears so: it retries on a new connection.
        FaultInjectingClusterFixture.Fault = stage =>
            stage == SpanWriteStage.AfterCommit && Interlocked.Increment(ref failures) == 1
                ? throw new IOException("Injected: connection lost while COMMIT was answered.")
                : ValueTask.CompletedTask;

        var reply = await Ingest.Ingest(project, spans.AsImmutable());

        // The retry found every span stored: acknowledged (as duplicates), nothing counted twice, nothing missing.
        Assert.Equal(new IngestReply(0, spans.Length, null), reply);
        Assert.Equal(2, failures);
        await AssertExactAsync(project, calls, spans.Length);
    }

    [Fact]
    public async Task A_failure_before_COMMIT_stores_and_counts_nothing_and_the_exporters_retry_counts_everything_once()
    {
        var (project, calls, spans) = Batch(seed: 2);
        FaultInjectingClusterFixture.Fault = stage =>
            stage == SpanWriteStage.BeforeCommit ? throw new IOException("Injected: connection lost before COMMIT.") : ValueTask.CompletedTask;

        var failed = await Ingest.Ingest(project, spans.AsImmutable());

        Assert.NotNull(failed.Unavailable);
        Assert.Equal(0L, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM spans WHERE project_id = $1", project));
        Assert.Equal(0L, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM traces WHERE project_id = $1", project));
        Assert.Equal(0L, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM model_rollups WHERE project_id = $1", project));

        FaultInjectingClusterFixture.Fault = null;
        Assert.Equal(new IngestReply(spans.Length, 0, null), await Ingest.Ingest(project, spans.AsImmutable()));
        await AssertExactAsync(project, calls, spans.Length);
    }

    [Fact]
    public async Task An_ingest_call_that_times_out_after_storing_the_spans_is_retried_and_counts_them_once()
    {
        var (project, calls, spans) = Batch(seed: 3);
        var committed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        FaultInjectingClusterFixture.Fault = async stage =>
        {
            if (stage == SpanWriteStage.AfterCommit && committed.TrySetResult())
            {
                // Stored and counted, but the answer comes too late for the caller.
                await Task.Delay(FaultInjectingClusterFixture.ResponseTimeout * 2);
            }
        };

        await Assert.ThrowsAsync<TimeoutException>(() => Ingest.Ingest(project, spans.AsImmutable()));
        await committed.Task;

        // The exporter was told nothing good, so it sends the export again.
        Assert.Equal(new IngestReply(0, spans.Length, null), await Ingest.Ingest(project, spans.AsImmutable()));
        await AssertExactAsync(project, calls, spans.Length);
    }

    private static (string Project, List<ModelCall> Calls, Core.Spans.SpanRecord[] Spans) Batch(int seed)
    {
        var random = new Random(seed);
        List<ModelCall> calls =
        [
            .. ModelCall.Random(random, 17, "openai", "gpt-4o", "chat-api", 3),
            .. ModelCall.Random(random, 9, "anthropic", "claude-sonnet-4", "worker", 4),
        ];
        return (NewProject(), calls, ModelCall.ToSpans(calls));
    }

    private async Task AssertExactAsync(string project, List<ModelCall> calls, int spanCount)
    {
        Assert.Equal((long)spanCount, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM spans WHERE project_id = $1", project));
        foreach (var (provider, model) in new[] { ("openai", "gpt-4o"), ("anthropic", "claude-sonnet-4") })
        {
            var grain = fx.Client.GetGrain<IModelGrain>(GrainKeys.Model(project, new ModelId(provider, model)));
            ModelCall.AssertStats(calls.Where(c => c.Model == model).ToList(), await grain.GetStats(From, To, null));
        }

        var report = await DerivedDataAudit.RunAsync(fx.Sql, project, CancellationToken.None);
        Assert.Equal(spanCount, report.Spans);
        Assert.Empty(report.Differences);
    }
}
