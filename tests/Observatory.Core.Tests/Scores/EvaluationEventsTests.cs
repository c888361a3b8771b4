using Observatory.Core.Logs;
using Observatory.Core.Pricing;
using Observatory.Core.Scores;
using Observatory.Core.Spans;

namespace Observatory.Core.Tests.Scores;

public class EvaluationEventsTests
{
    private const long EventTime = 1_700_000_002_000_000_000;

    private static SpanEventData Evaluation(params (string Key, object? Value)[] attributes) =>
        new(EvaluationConventions.EventName, EventTime, TestSpans.Attributes(attributes));

    private static SpanData SpanWith(params SpanEventData[] events) => new()
    {
        TraceId = TestSpans.TraceId,
        SpanId = TestSpans.SpanId,
        Name = "chat gpt-4o",
        Kind = SpanKind.Client,
        StartUnixNano = 1_700_000_000_000_000_000,
        EndUnixNano = 1_700_000_001_250_000_000,
        Attributes = TestSpans.Attributes(("gen_ai.operation.name", "chat"), ("gen_ai.request.model", "gpt-4o")),
        Events = events,
    };

    [Fact]
    public void A_span_event_with_value_label_and_explanation_becomes_a_numeric_score_of_that_span()
    {
        var span = SpanWith(Evaluation(
            ("gen_ai.evaluation.name", "Relevance"), ("gen_ai.evaluation.score.value", 4.0), ("gen_ai.evaluation.score.label", "relevant"),
            ("gen_ai.evaluation.explanation", "The response is factually accurate but lacks detail."), ("gen_ai.response.id", "chatcmpl-123")));

        var score = Assert.Single(EvaluationEvents.FromSpan(span));

        Assert.Equal(TestSpans.TraceId, score.TraceId);
        Assert.Equal(TestSpans.SpanId, score.SpanId);
        Assert.Equal("chatcmpl-123", score.ResponseId);
        Assert.Equal("Relevance", score.Name);
        Assert.Equal(4.0, score.Value);
        Assert.Equal("relevant", score.Label);
        Assert.Equal(ScoreKind.Numeric, score.Kind);
        Assert.Equal("The response is factually accurate but lacks detail.", score.Comment);
        Assert.Equal(ScoreSource.Event, score.Source);
        Assert.Equal(EventTime, score.TimeUnixNano);
        Assert.Equal(32, score.ScoreId.Length);
    }

    [Fact]
    public void Label_only_is_categorical_a_bool_value_is_boolean_and_a_value_sent_as_text_or_integer_is_read()
    {
        var span = SpanWith(
            Evaluation(("gen_ai.evaluation.name", "IntentResolution"), ("gen_ai.evaluation.score.label", "pass")),
            Evaluation(("gen_ai.evaluation.name", "Groundedness"), ("gen_ai.evaluation.score.value", true)),
            Evaluation(("gen_ai.evaluation.name", "Coherence"), ("gen_ai.evaluation.score.value", "3.5")),
            Evaluation(("gen_ai.evaluation.name", "Fluency"), ("gen_ai.evaluation.score.value", 5L)));

        var scores = EvaluationEvents.FromSpan(span);

        Assert.Equal(
            [("IntentResolution", null, "pass", ScoreKind.Categorical), ("Groundedness", 1, "true", ScoreKind.Boolean),
             ("Coherence", 3.5, null, ScoreKind.Numeric), ("Fluency", 5, null, ScoreKind.Numeric)],
            scores.Select(s => (s.Name, s.Value, s.Label, s.Kind)).ToArray());
        Assert.Equal(4, scores.Select(s => s.ScoreId).Distinct().Count());
    }

    [Fact]
    public void Events_without_a_name_or_without_value_and_label_or_with_an_unreadable_value_are_skipped_and_other_events_ignored()
    {
        var span = SpanWith(
            new SpanEventData("gen_ai.choice", EventTime, TestSpans.Attributes(("gen_ai.evaluation.name", "NotAnEvaluation"), ("gen_ai.evaluation.score.value", 1.0))),
            Evaluation(("gen_ai.evaluation.score.value", 2.0)),
            Evaluation(("gen_ai.evaluation.name", "Relevance"), ("error.type", "timeout")),
            Evaluation(("gen_ai.evaluation.name", "Relevance"), ("gen_ai.evaluation.score.value", "high")),
            Evaluation(("gen_ai.evaluation.name", "Relevance"), ("gen_ai.evaluation.score.value", double.NaN)),
            Evaluation(("gen_ai.evaluation.name", "Kept"), ("gen_ai.evaluation.score.value", 0.0)));

        var score = Assert.Single(EvaluationEvents.FromSpan(span));
        Assert.Equal(("Kept", 0.0), (score.Name, score.Value));
    }

    [Fact]
    public void The_id_of_an_event_score_is_stable_for_a_resent_span_and_differs_by_position_and_span()
    {
        var event1 = Evaluation(("gen_ai.evaluation.name", "Relevance"), ("gen_ai.evaluation.score.value", 4.0));
        var first = EvaluationEvents.FromSpan(SpanWith(event1, event1));
        var again = EvaluationEvents.FromSpan(SpanWith(event1, event1));
        var otherSpan = EvaluationEvents.FromSpan(new SpanData
        {
            TraceId = TestSpans.TraceId,
            SpanId = "0123456789abcdef",
            Name = "chat",
            Events = [event1],
        });

        Assert.Equal(first.Select(s => s.ScoreId), again.Select(s => s.ScoreId));
        Assert.NotEqual(first[0].ScoreId, first[1].ScoreId);
        Assert.NotEqual(first[0].ScoreId, otherSpan[0].ScoreId);
    }

    [Fact]
    public void An_event_without_a_time_takes_the_span_end_and_an_overlong_explanation_is_truncated_with_a_marker()
    {
        var span = SpanWith(new SpanEventData(EvaluationConventions.EventName, 0, TestSpans.Attributes(
            ("gen_ai.evaluation.name", "Relevance"), ("gen_ai.evaluation.score.value", 1.0), ("gen_ai.evaluation.explanation", new string('x', 40_000)))));

        var score = Assert.Single(EvaluationEvents.FromSpan(span));

        Assert.Equal(span.EndUnixNano, score.TimeUnixNano);
        Assert.True(score.Comment!.Length < 40_000);
        Assert.StartsWith("xxxx", score.Comment);
    }

    [Fact]
    public void The_span_record_carries_the_scores_of_its_events()
    {
        var span = SpanWith(Evaluation(("gen_ai.evaluation.name", "Relevance"), ("gen_ai.evaluation.score.value", 0.8)));

        var record = new SpanRecordFactory(PriceCatalog.Default).Create(span);

        Assert.Equal(0.8, Assert.Single(record.Scores).Value);
        Assert.Empty(new SpanRecordFactory(PriceCatalog.Default).Create(SpanWith()).Scores);
    }

    [Fact]
    public void A_log_record_evaluation_is_tied_to_its_span_and_its_id_is_stable_on_resend()
    {
        var record = new LogRecordData
        {
            TraceId = TestSpans.TraceId,
            SpanId = TestSpans.SpanId,
            TimeUnixNano = EventTime,
            EventName = EvaluationConventions.EventName,
            Attributes = TestSpans.Attributes(
                ("gen_ai.evaluation.name", "Relevance"), ("gen_ai.evaluation.score.value", 0.25), ("gen_ai.evaluation.score.label", "not_relevant"),
                ("gen_ai.evaluation.explanation", "Off topic."), ("gen_ai.response.id", "chatcmpl-9")),
        };

        var stored = LogEventRecordFactory.Create(record, captureContent: true);
        var again = LogEventRecordFactory.Create(record, captureContent: true);

        var score = stored.Score!;
        Assert.Equal((TestSpans.TraceId, TestSpans.SpanId, "Relevance", 0.25, "not_relevant", "Off topic.", "chatcmpl-9", ScoreSource.Log, EventTime),
            (score.TraceId, score.SpanId, score.Name, score.Value, score.Label, score.Comment, score.ResponseId, score.Source, score.TimeUnixNano));
        Assert.Equal(score.ScoreId, again.Score!.ScoreId);
    }

    [Fact]
    public void A_log_record_without_trace_context_needs_a_response_id_and_other_log_events_carry_no_score()
    {
        var orphan = new LogRecordData
        {
            EventName = EvaluationConventions.EventName,
            ObservedTimeUnixNano = EventTime,
            Attributes = TestSpans.Attributes(("gen_ai.evaluation.name", "Relevance"), ("gen_ai.evaluation.score.value", 1.0)),
        };
        var byResponse = new LogRecordData
        {
            EventName = EvaluationConventions.EventName,
            ObservedTimeUnixNano = EventTime,
            Body = TestSpans.Attributes(("gen_ai.evaluation.name", "Relevance"), ("gen_ai.evaluation.score.label", "relevant"), ("gen_ai.response.id", "resp_1")),
        };
        var choice = new LogRecordData { TraceId = TestSpans.TraceId, EventName = "gen_ai.choice", Attributes = orphan.Attributes };

        Assert.Null(EvaluationEvents.FromLogRecord(orphan, "h1"));
        var score = EvaluationEvents.FromLogRecord(byResponse, "h2")!;
        Assert.Equal(("", "", "resp_1", "relevant", ScoreKind.Categorical, EventTime), (score.TraceId, score.SpanId, score.ResponseId, score.Label, score.Kind, score.TimeUnixNano));
        Assert.Null(EvaluationEvents.FromLogRecord(choice, "h3"));
    }
}
