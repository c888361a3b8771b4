namespace Observatory.Core.Scores;

/// <summary>
/// The OTel GenAI evaluation event (semantic-conventions-genai, docs/gen-ai/gen-ai-events.md, "Development"): its name and
/// attributes, the one home of these names.
/// </summary>
public static class EvaluationConventions
{
    /// <summary>The event name, on a span event or as a log record's event name.</summary>
    public const string EventName = "gen_ai.evaluation.result";

    /// <summary>Required: the evaluation metric, e.g. <c>Relevance</c>.</summary>
    public const string Name = "gen_ai.evaluation.name";

    /// <summary>The score (double), conditionally required.</summary>
    public const string ScoreValue = "gen_ai.evaluation.score.value";

    /// <summary>The human-readable label, conditionally required.</summary>
    public const string ScoreLabel = "gen_ai.evaluation.score.label";

    /// <summary>A free-form explanation by the evaluator.</summary>
    public const string Explanation = "gen_ai.evaluation.explanation";

    /// <summary>The completion evaluated, when the event is not parented to its span.</summary>
    public const string ResponseId = "gen_ai.response.id";
}
