using Observatory.Core.Scores;
using Observatory.Core.Spans;
using Observatory.Grains.Contracts;
using Observatory.Storage.Spans;
using Orleans.Concurrency;

namespace Observatory.Grains.Tests;

/// <summary>
/// Scores read from evaluation events ride the spans' transaction: the same forced failures leave them stored exactly
/// once, or not at all, together with their spans.
/// </summary>
public sealed partial class ExactlyOnceTests
{
    [Fact]
    public async Task Evaluation_scores_commit_with_their_spans_a_failure_before_COMMIT_stores_none_and_an_unknown_COMMIT_stores_them_once()
    {
        var (project, _, spans) = Batch(seed: 4);
        var scored = WithScores(spans);
        FaultInjectingClusterFixture.Fault = stage =>
            stage == SpanWriteStage.BeforeCommit ? throw new IOException("Injected: connection lost before COMMIT.") : ValueTask.CompletedTask;

        Assert.NotNull((await Ingest.Ingest(project, scored.AsImmutable())).Unavailable);
        Assert.Equal(0L, await ScoreCountAsync(project));

        // Then the exporter's retry, whose COMMIT succeeds but is not heard: the writer's own retry finds it all stored.
        var failures = 0;
        FaultInjectingClusterFixture.Fault = stage =>
            stage == SpanWriteStage.AfterCommit && Interlocked.Increment(ref failures) == 1
                ? throw new IOException("Injected: connection lost while COMMIT was answered.")
                : ValueTask.CompletedTask;
        Assert.Equal(new IngestReply(0, scored.Length, null), await Ingest.Ingest(project, scored.AsImmutable()));
        FaultInjectingClusterFixture.Fault = null;
        Assert.Equal(new IngestReply(0, scored.Length, null), await Ingest.Ingest(project, scored.AsImmutable()));

        var expected = scored.Sum(s => s.Scores.Count);
        Assert.Equal((long)expected, await ScoreCountAsync(project));
        Assert.Equal(
            scored.SelectMany(s => s.Scores).Sum(s => s.Value ?? 0),
            await fx.Database.ScalarAsync<double>("SELECT sum(value) FROM scores WHERE project_id = $1", project));
    }

    /// <summary>Every third span carries two evaluation scores, as the span record factory reads them from its events.</summary>
    private static SpanRecord[] WithScores(SpanRecord[] spans) =>
        spans.Select((span, i) => i % 3 != 0 ? span : span with
        {
            Scores =
            [
                Score(span, i, "Relevance", i / 10.0, null),
                Score(span, i + 1, "IntentResolution", null, i % 2 == 0 ? "pass" : "fail"),
            ],
        }).ToArray();

    private static ScoreRecord Score(SpanRecord span, int index, string name, double? value, string? label) => new()
    {
        ScoreId = $"{span.TraceId}-{span.SpanId}-{index}",
        TraceId = span.TraceId,
        SpanId = span.SpanId,
        Name = name,
        Value = value,
        Label = label,
        Kind = value is null ? ScoreKind.Categorical : ScoreKind.Numeric,
        Source = ScoreSource.Event,
        TimeUnixNano = span.EndUnixNano,
    };

    private Task<long> ScoreCountAsync(string project) =>
        fx.Database.ScalarAsync<long>("SELECT count(*) FROM scores WHERE project_id = $1", project);
}
