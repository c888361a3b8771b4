using static Observatory.Core.Llm.ConventionNames;

namespace Observatory.Core.Llm;

/// <summary>
/// Which attribute each fact is read from, first match wins: DESIGN.md §4 as data.
/// A span may speak several conventions at once (OpenInference with OPENINFERENCE_ENABLE_GENAI_SEMCONV),
/// so the current OTel name always wins over the older and vendor spellings.
/// </summary>
internal static class FactPrecedence
{
    public static readonly string[] Provider =
        [OTelGenAi.ProviderName, OTelGenAiDeprecated.System, OpenInference.Provider, OpenInference.System];

    // Each source has its own vocabulary; SpanNormalizer maps the values.
    public static readonly string[] Operation =
        [OTelGenAi.OperationName, OpenLlmetry.RequestType, ObservatorySdk.Operation, OpenInference.SpanKind];

    public static readonly string[] ResponseModel =
        [OTelGenAi.ResponseModel, OpenInference.ResponseModelName, ObservatorySdk.ResponseModel];

    public static readonly string[] RequestModel =
    [
        OTelGenAi.RequestModel, OpenInference.RequestModelName, OpenInference.ModelName,
        OpenInference.EmbeddingModelName, ObservatorySdk.RequestModel, ObservatorySdk.Model,
    ];

    public static readonly string[] InputTokens =
        [OTelGenAi.InputTokens, OTelGenAiDeprecated.PromptTokens, OpenInference.PromptTokens, ObservatorySdk.PromptTokens];

    public static readonly string[] OutputTokens =
        [OTelGenAi.OutputTokens, OTelGenAiDeprecated.CompletionTokens, OpenInference.CompletionTokens, ObservatorySdk.CompletionTokens];

    public static readonly string[] CacheReadInputTokens =
        [OTelGenAi.CacheReadInputTokens, OTelGenAiDeprecated.CacheReadInputTokens, OpenInference.CacheReadTokens];

    public static readonly string[] CacheCreationInputTokens =
        [OTelGenAi.CacheCreationInputTokens, OTelGenAiDeprecated.CacheCreationInputTokens, OpenInference.CacheWriteTokens];

    public static readonly string[] ReasoningOutputTokens =
        [OTelGenAi.ReasoningOutputTokens, OpenLlmetry.ReasoningTokens, OpenInference.ReasoningTokens];

    public static readonly string[] FinishReasons =
        [
            OTelGenAi.FinishReasons, OpenLlmetry.FinishReason, OpenInference.FinishReason, ObservatorySdk.FinishReason,
            OpenLlmetry.FirstCompletionFinishReason,
        ];

    public static readonly string[] SuppliedCost =
        [OpenLit.Cost, OpenInference.CostTotal, ObservatorySdk.CostTotalUsd];

    /// <summary>Time to first token, with the milliseconds per unit of each attribute.</summary>
    public static readonly (string Name, double MsPerUnit)[] TimeToFirstToken =
    [
        (OTelGenAi.TimeToFirstChunk, 1000), (OTelGenAi.ServerTimeToFirstToken, 1000), (OpenLit.ServerTtft, 1000),
        (ObservatorySdk.LatencyTtftMs, 1), (ObservatorySdk.MetricsTtftMs, 1),
    ];

    public static readonly string[] UserId =
        [General.UserId, OpenLlmetry.AssociationUserId, ObservatorySdk.UserId];

    public static readonly string[] SessionId =
        [General.SessionId, OTelGenAi.ConversationId, OpenLlmetry.AssociationSessionId, ObservatorySdk.SessionId];

    public static readonly string[] ErrorType = [General.ErrorType];

    /// <summary>Every name above, each once: what one pass over a span's attributes collects.</summary>
    public static IEnumerable<string> AllNames() =>
        new[]
        {
            Provider, Operation, ResponseModel, RequestModel, InputTokens, OutputTokens, CacheReadInputTokens,
            CacheCreationInputTokens, ReasoningOutputTokens, FinishReasons, SuppliedCost, UserId, SessionId, ErrorType,
            TimeToFirstToken.Select(t => t.Name).ToArray(),
        }.SelectMany(names => names).Distinct(StringComparer.Ordinal);
}
