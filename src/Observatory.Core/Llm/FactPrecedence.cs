using static Observatory.Core.Llm.ConventionNames;

namespace Observatory.Core.Llm;

/// <summary>
/// Which attribute each fact is read from, first match wins: DESIGN.md §4 as data.
/// A span may speak several conventions at once (OpenInference with OPENINFERENCE_ENABLE_GENAI_SEMCONV, Vercel
/// doGenerate spans that repeat gen_ai.*), so the current OTel name always wins over the older and vendor spellings.
/// </summary>
internal static class FactPrecedence
{
    public static readonly string[] Provider =
        [OTelGenAi.ProviderName, OTelGenAiDeprecated.System, OpenInference.Provider, OpenInference.System, VercelAi.ModelProvider];

    public static readonly string[] ResponseModel =
        [OTelGenAi.ResponseModel, OpenInference.ResponseModelName, ObservatorySdk.ResponseModel, VercelAi.ResponseModel];

    /// <summary>Then the "model" of llm.invocation_parameters.</summary>
    public static readonly string[] RequestModel =
    [
        OTelGenAi.RequestModel, OpenInference.RequestModelName, OpenInference.ModelName, OpenInference.EmbeddingModelName,
        OpenInference.RerankerModelName, ObservatorySdk.RequestModel, ObservatorySdk.Model, VercelAi.ModelId,
    ];

    public static readonly string[] InputTokens =
    [
        OTelGenAi.InputTokens, OTelGenAiDeprecated.PromptTokens, OpenInference.PromptTokens, ObservatorySdk.PromptTokens,
        VercelAi.InputTokens, VercelAi.PromptTokens, VercelAi.EmbeddingTokens,
    ];

    public static readonly string[] OutputTokens =
    [
        OTelGenAi.OutputTokens, OTelGenAiDeprecated.CompletionTokens, OpenInference.CompletionTokens,
        ObservatorySdk.CompletionTokens, VercelAi.OutputTokens, VercelAi.CompletionTokens,
    ];

    /// <summary>Only used to derive a missing input or output count (see SpanNormalizer).</summary>
    public static readonly string[] TotalTokens =
        [OpenLlmetry.TotalTokens, OpenLlmetry.LegacyTotalTokens, OpenInference.TotalTokens, VercelAi.TotalTokens];

    public static readonly string[] CacheReadInputTokens =
    [
        OTelGenAi.CacheReadInputTokens, OTelGenAiDeprecated.CacheReadInputTokens, OpenInference.CacheReadTokens,
        VercelAi.InputCacheReadTokens, VercelAi.CachedInputTokens,
    ];

    public static readonly string[] CacheCreationInputTokens =
    [
        OTelGenAi.CacheCreationInputTokens, OTelGenAiDeprecated.CacheCreationInputTokens, OpenInference.CacheWriteTokens,
        VercelAi.InputCacheWriteTokens,
    ];

    public static readonly string[] ReasoningOutputTokens =
    [
        OTelGenAi.ReasoningOutputTokens, OpenLlmetry.ReasoningTokens, OpenInference.ReasoningTokens,
        VercelAi.OutputReasoningTokens, VercelAi.ReasoningTokens,
    ];

    /// <summary>Per-modality parts of the input and output counts (see SpanNormalizer.Modalities).</summary>
    public static readonly string[] TextInputTokens = [OTelGenAi.TextInputTokens];

    public static readonly string[] ImageInputTokens = [OTelGenAi.ImageInputTokens];

    public static readonly string[] AudioInputTokens = [OTelGenAi.AudioInputTokens, OpenInference.AudioPromptTokens];

    public static readonly string[] VideoInputTokens = [OTelGenAi.VideoInputTokens];

    public static readonly string[] TextOutputTokens = [OTelGenAi.TextOutputTokens];

    public static readonly string[] AudioOutputTokens = [OTelGenAi.AudioOutputTokens, OpenInference.AudioCompletionTokens];

    public static readonly string[] FinishReasons =
    [
        OTelGenAi.FinishReasons, OpenLlmetry.FinishReason, OpenInference.FinishReason, ObservatorySdk.FinishReason,
        VercelAi.FinishReason, OpenLlmetry.FirstCompletionFinishReason,
    ];

    /// <summary>Then llm.cost.prompt + llm.cost.completion.</summary>
    public static readonly string[] SuppliedCost =
        [OpenLit.Cost, OpenInference.CostTotal, ObservatorySdk.CostTotalUsd];

    /// <summary>Time to first token, with the milliseconds per unit of each attribute.</summary>
    public static readonly (string Name, double MsPerUnit)[] TimeToFirstToken =
    [
        (OTelGenAi.TimeToFirstChunk, 1000), (OTelGenAi.ServerTimeToFirstToken, 1000), (OpenLit.ServerTtft, 1000),
        (ObservatorySdk.LatencyTtftMs, 1), (ObservatorySdk.MetricsTtftMs, 1),
        (VercelAi.ResponseMsToFirstChunk, 1), (VercelAi.StreamMsToFirstChunk, 1),
    ];

    /// <summary>The tier that served the call wins over the one requested.</summary>
    public static readonly string[] ServiceTier =
    [
        OTelGenAi.OpenAiResponseServiceTier, OTelGenAiDeprecated.OpenAiResponseServiceTier,
        OTelGenAi.OpenAiRequestServiceTier, OTelGenAiDeprecated.OpenAiRequestServiceTier,
    ];

    public static readonly string[] UserId =
    [
        General.UserId, OpenLlmetry.AssociationUserId, OpenLlmetry.AssociationUserIdCamel, ObservatorySdk.UserId,
        VercelAi.MetadataUserId, OpenLlmetry.User, OpenLlmetry.LegacyUser,
    ];

    public static readonly string[] SessionId =
    [
        General.SessionId, OTelGenAi.ConversationId, OpenLlmetry.AssociationSessionId, OpenLlmetry.AssociationSessionIdCamel,
        OpenLlmetry.AssociationConversationId, ObservatorySdk.SessionId, VercelAi.MetadataSessionId,
    ];

    public static readonly string[] ErrorType = [General.ErrorType];

    // Names read on their own, by SpanNormalizer, dialect detection or content extraction.
    public static readonly string[] Singles =
    [
        OTelGenAi.OperationName, OpenLlmetry.RequestType, ObservatorySdk.Operation, OpenInference.SpanKind,
        OpenLlmetry.SpanKind, VercelAi.OperationId, OpenInference.InvocationParameters, OpenInference.CostPrompt,
        OpenInference.CostCompletion, VercelAi.ProviderMetadata, VercelAi.InputNoCacheTokens,
        OpenLlmetry.LegacyIsStreaming, OpenLlmetry.IsStreaming, OTelGenAi.SystemInstructions, OTelGenAi.InputMessages,
        OTelGenAi.OutputMessages, OTelGenAiDeprecated.Prompt, OTelGenAiDeprecated.Completion, OpenInference.InputValue,
        OpenInference.OutputValue, ObservatorySdk.Prompt, ObservatorySdk.Completion, VercelAi.Prompt,
        VercelAi.PromptMessages, VercelAi.ResponseText, OpenLlmetry.EntityInput, OpenLlmetry.EntityOutput,
    ];

    /// <summary>Names that mark the Observatory SDKs (dialect rule 5).</summary>
    public static readonly string[] ObservatorySdkMarkers =
    [
        ObservatorySdk.Model, ObservatorySdk.Operation, ObservatorySdk.RequestModel, ObservatorySdk.ResponseModel,
        ObservatorySdk.PromptTokens, ObservatorySdk.CompletionTokens, ObservatorySdk.CostTotalUsd,
        ObservatorySdk.LatencyTtftMs, ObservatorySdk.MetricsTtftMs, ObservatorySdk.UserId, ObservatorySdk.SessionId,
        ObservatorySdk.Prompt, ObservatorySdk.Completion, ObservatorySdk.FinishReason,
    ];

    /// <summary>Names that exist only since OTel GenAI v1.37 (dialect rule 7).</summary>
    public static readonly string[] CurrentOTelMarkers =
    [
        OTelGenAi.ProviderName, OTelGenAi.InputMessages, OTelGenAi.OutputMessages, OTelGenAi.SystemInstructions,
        OTelGenAi.CacheReadInputTokens, OTelGenAi.CacheCreationInputTokens, OTelGenAi.ReasoningOutputTokens,
        OTelGenAi.TimeToFirstChunk,
    ];

    /// <summary>Names deprecated or removed by OTel GenAI (dialect rule 8); gen_ai.openai.* is matched by prefix.</summary>
    public static readonly string[] LegacyOTelMarkers =
    [
        OTelGenAiDeprecated.System, OTelGenAiDeprecated.PromptTokens, OTelGenAiDeprecated.CompletionTokens,
        OTelGenAiDeprecated.CacheReadInputTokens, OTelGenAiDeprecated.CacheCreationInputTokens,
        OTelGenAiDeprecated.Prompt, OTelGenAiDeprecated.Completion,
    ];

    /// <summary>OpenInference names that mark it without a span kind (dialect rule 10); llm.token_count.* by prefix.</summary>
    public static readonly string[] WeakOpenInferenceMarkers =
        [OpenInference.ModelName, OpenInference.InvocationParameters];

    /// <summary>Every name above, each once: what one pass over a span's attributes collects.</summary>
    public static IEnumerable<string> AllNames() =>
        new[]
        {
            Provider, ResponseModel, RequestModel, InputTokens, OutputTokens, TotalTokens, CacheReadInputTokens,
            CacheCreationInputTokens, ReasoningOutputTokens, FinishReasons, SuppliedCost, ServiceTier, UserId, SessionId,
            ErrorType, Singles, ObservatorySdkMarkers, CurrentOTelMarkers, LegacyOTelMarkers, WeakOpenInferenceMarkers,
            TimeToFirstToken.Select(t => t.Name).ToArray(),
            TextInputTokens, ImageInputTokens, AudioInputTokens, VideoInputTokens, TextOutputTokens, AudioOutputTokens,
        }.SelectMany(names => names).Distinct(StringComparer.Ordinal);
}
