using Observatory.Core.Scores;

namespace Observatory.Core.Tests.Scores;

public class ScoreSubmissionTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
    private const string Trace = "5B8EFFF798038103D269B633813FC60C";

    [Fact]
    public void A_thumbs_up_from_a_person_is_a_boolean_score_with_its_comment_and_author()
    {
        var (score, error) = new ScoreSubmission
        {
            TraceId = Trace,
            SpanId = "EEE19B7EC3C1B174",
            Name = "user_feedback",
            Boolean = true,
            Comment = "Exactly what I needed",
            Author = "alice",
        }.ToRecord(Now);

        Assert.Null(error);
        Assert.Equal(
            ("5b8efff798038103d269b633813fc60c", "eee19b7ec3c1b174", "user_feedback", 1.0, "true", ScoreKind.Boolean, "Exactly what I needed", "alice", ScoreSource.Api),
            (score!.TraceId, score.SpanId, score.Name, score.Value, score.Label, score.Kind, score.Comment, score.Author, score.Source));
        Assert.Equal(Now.ToUnixTimeMilliseconds() * 1_000_000, score.TimeUnixNano);
        Assert.Equal(32, score.ScoreId.Length);
    }

    [Fact]
    public void A_numeric_score_keeps_the_chosen_id_and_time_and_a_label_only_score_is_categorical()
    {
        var at = new DateTimeOffset(2026, 12, 1, 8, 30, 0, TimeSpan.Zero);
        var (numeric, _) = new ScoreSubmission { Id = "eval-run-7:case-3", TraceId = Trace, Name = "helpfulness", Value = 0.75, Time = at }.ToRecord(Now);
        var (label, _) = new ScoreSubmission { TraceId = Trace, Name = "tone", Label = " polite " }.ToRecord(Now);

        Assert.Equal(("eval-run-7:case-3", "", 0.75, ScoreKind.Numeric, at.ToUnixTimeMilliseconds() * 1_000_000), (numeric!.ScoreId, numeric.SpanId, numeric.Value, numeric.Kind, numeric.TimeUnixNano));
        Assert.Equal((null, "polite", ScoreKind.Categorical), (label!.Value, label.Label, label.Kind));
    }

    [Theory]
    [InlineData(null, "x", 1.0, null, null, "'traceId'")]
    [InlineData("abc", "x", 1.0, null, null, "'traceId'")]
    [InlineData("00000000000000000000000000000000", "x", 1.0, null, null, "'traceId'")]
    [InlineData(Trace, null, 1.0, null, null, "'name'")]
    [InlineData(Trace, " ", 1.0, null, null, "'name'")]
    [InlineData(Trace, "x", null, null, null, "'value'")]
    [InlineData(Trace, "x", 1.0, true, null, "not both")]
    [InlineData(Trace, "x", double.PositiveInfinity, null, null, "'value' must be a finite number")]
    [InlineData(Trace, "x", null, null, "  ", "'label'")]
    public void Bad_submissions_name_the_field(string? traceId, string? name, double? value, bool? flag, string? label, string expected)
    {
        var (score, error) = new ScoreSubmission { TraceId = traceId, Name = name, Value = value, Boolean = flag, Label = label }.ToRecord(Now);

        Assert.Null(score);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void A_bad_span_id_or_id_is_named()
    {
        Assert.Contains("'spanId'", new ScoreSubmission { TraceId = Trace, SpanId = "xyz", Name = "n", Value = 1 }.ToRecord(Now).Error);
        Assert.Contains("'id'", new ScoreSubmission { Id = "has space", TraceId = Trace, Name = "n", Value = 1 }.ToRecord(Now).Error);
    }
}
