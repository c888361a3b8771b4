using Observatory.Grains.Contracts;
using Orleans.Concurrency;
using static Observatory.Grains.Tests.TestSpans;

namespace Observatory.Grains.Tests;

/// <summary>The directory of a project's models: every model a span named, each once, the same for any activation.</summary>
public sealed class ModelDirectoryGrainTests(ObservatoryClusterFixture fx) : IClassFixture<ObservatoryClusterFixture>
{
    [Fact]
    public async Task Lists_each_model_once_sorted_by_provider_and_model()
    {
        var project = NewProject();
        var otherProject = NewProject();
        var ingest = fx.Client.GetGrain<IIngestGrain>(0);
        var directory = fx.Client.GetGrain<IModelDirectoryGrain>(project);
        var t = At(TimeSpan.FromMinutes(10));

        Core.Spans.SpanRecord[] Batch(string traceId) =>
        [
            Llm(traceId, 1, null, "chat-api", t, t + 900 * NanosPerMs, "openai", "gpt-4o", 100, 10),
            Llm(traceId, 2, 1, "chat-api", t, t + 400 * NanosPerMs, "openai", "gpt-4o-mini", 100, 10),
            Llm(traceId, 3, 1, "worker", t, t + 700 * NanosPerMs, "anthropic", "claude-sonnet-4", 100, 10),
            Llm(traceId, 4, 1, "worker", t + NanosPerMinute, t + NanosPerMinute + 1, "openai", "gpt-4o", null, null),
            Plain(traceId, 5, 1, "http GET", "worker", t, t + 1),
        ];

        // Several batches, many activations of the model grains, the same models again and again.
        Assert.Equal(5, (await ingest.Ingest(project, Batch(NewTraceId()).AsImmutable())).Accepted);
        Assert.Equal(5, (await ingest.Ingest(project, Batch(NewTraceId()).AsImmutable())).Accepted);
        foreach (var model in await directory.List())
        {
            await fx.Cluster.DeactivateAsync(fx.Client.GetGrain<IModelGrain>(GrainKeys.Model(project, model)));
        }

        await fx.Cluster.DeactivateAsync(directory);
        Assert.Equal(5, (await ingest.Ingest(project, Batch(NewTraceId()).AsImmutable())).Accepted);
        ModelId[] expected =
        [
            new("anthropic", "claude-sonnet-4"),
            new("openai", "gpt-4o"),
            new("openai", "gpt-4o-mini"),
        ];
        Assert.Equal(expected, await directory.List());
        await fx.Cluster.DeactivateAsync(directory);
        Assert.Equal(expected, await directory.List());

        // Another project's directory is its own.
        Assert.Empty(await fx.Client.GetGrain<IModelDirectoryGrain>(otherProject).List());
    }
}
