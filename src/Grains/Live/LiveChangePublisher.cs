using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Observatory.Core.Rollups;
using Observatory.Core.Spans;
using Observatory.Core.Traces;
using Observatory.Grains.Contracts;
using Observatory.Storage.Rollups;
using Observatory.Storage.Traces;
using Orleans.Streams;

namespace Observatory.Grains.Live;

/// <summary>
/// One per silo: gathers what this silo's ingest committed and publishes it on the project's live streams — every
/// <see cref="TraceInterval"/> the new summaries of the traces that changed (read back from <c>traces</c>, so a trace
/// with earlier spans is shown whole), every second the model usage the new calls added. Coalescing per silo keeps
/// the cost per interval, not per request: one summary read and one stream event per project, whatever the rate.
/// Best effort by design: the stored data is the truth, and a lost event only delays what a list shows.
/// </summary>
public sealed partial class LiveChangePublisher(
    IServiceProvider services, TraceSummaryLookup summaries, TimeProvider clock, ILogger<LiveChangePublisher> logger)
    : BackgroundService, IIngestCommitObserver
{
    public static readonly TimeSpan TraceInterval = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan ModelInterval = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private HashSet<(string ProjectId, string TraceId)> _traces = [];
    private RollupAggregate _models = new();
    private IStreamProvider? _provider;

    public void OnCommitted(string projectId, IReadOnlyList<SpanRecord> spans, IReadOnlyList<bool> isNew)
    {
        lock (_gate)
        {
            for (var i = 0; i < spans.Count; i++)
            {
                if (!isNew[i])
                {
                    continue;
                }

                var span = spans[i];
                _traces.Add((projectId, span.TraceId));
                // The rollups' own rule for what a model call adds (only its minute buckets are published).
                _models.Add(projectId, span.ServiceName, span.Llm, span.StartUnixNano, span.IsError, span.DurationMs);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TraceInterval, clock);
        var nextModels = clock.GetUtcNow() + ModelInterval;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await PublishTracesAsync(stoppingToken);
                if (clock.GetUtcNow() >= nextModels)
                {
                    var second = nextModels - ModelInterval;
                    nextModels += ModelInterval;
                    await PublishModelsAsync(new DateTime(second.UtcTicks - (second.UtcTicks % TimeSpan.TicksPerSecond), DateTimeKind.Utc));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task PublishTracesAsync(CancellationToken ct)
    {
        HashSet<(string ProjectId, string TraceId)> pending;
        lock (_gate)
        {
            if (_traces.Count == 0)
            {
                return;
            }

            (pending, _traces) = (_traces, []);
        }

        try
        {
            var rows = await summaries.GetAsync(pending, ct);
            var publishing = new List<Task>();
            foreach (var project in rows.GroupBy(r => r.ProjectId))
            {
                var stream = Provider.GetStream<LiveTraceBatch>(LiveStreams.Traces(project.Key));
                foreach (var chunk in project.Select(r => r.Summary).Chunk(LiveTraceBatch.MaxTraces))
                {
                    publishing.Add(stream.OnNextAsync(new LiveTraceBatch(chunk)));
                }
            }

            await Task.WhenAll(publishing);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogPublishFailed(logger, "trace summaries", ex);
        }
    }

    private async Task PublishModelsAsync(DateTime second)
    {
        RollupAggregate pending;
        lock (_gate)
        {
            if (_models.Count == 0)
            {
                return;
            }

            (pending, _models) = (_models, new RollupAggregate());
        }

        try
        {
            var publishing = new List<Task>();
            var minutes = pending.Buckets.Where(b => b.Resolution == RollupResolution.Minute);
            foreach (var project in minutes.GroupBy(b => b.Series.Project))
            {
                var deltas = project.GroupBy(b => b.Series).Select(series =>
                {
                    var usage = new ModelUsage();
                    foreach (var bucket in series)
                    {
                        usage.Merge(bucket.Usage);
                    }

                    return new LiveModelDelta(series.Key.Provider, series.Key.Model, series.Key.Service, usage.Counters,
                        usage.Latency.ToBytes(), usage.TimeToFirstToken.ToBytes());
                }).ToArray();
                publishing.Add(Provider.GetStream<LiveModelDeltas>(LiveStreams.Models(project.Key)).OnNextAsync(new LiveModelDeltas(second, deltas)));
            }

            await Task.WhenAll(publishing);
        }
        catch (Exception ex)
        {
            LogPublishFailed(logger, "model deltas", ex);
        }
    }

    private IStreamProvider Provider => _provider ??= services.GetRequiredKeyedService<IStreamProvider>(LiveStreams.ProviderName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing live {What} failed; live views miss them until the next change")]
    private static partial void LogPublishFailed(ILogger logger, string what, Exception ex);
}
