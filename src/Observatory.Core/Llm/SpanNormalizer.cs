using Observatory.Core.Spans;
using static Observatory.Core.Llm.ConventionNames;

namespace Observatory.Core.Llm;

/// <summary>
/// Reads the LLM facts of a span, whatever convention it speaks (OTel GenAI current and deprecated, OpenInference,
/// OpenLLMetry, the original Observatory SDKs), with the precedence of <see cref="FactPrecedence"/>.
/// </summary>
/// <remarks>
/// A span is an LLM call when it carries a provider, an LLM operation, a model or token usage; the span kind is never
/// consulted because OpenInference marks LLM calls INTERNAL. An OpenInference span that declares another kind
/// (CHAIN, AGENT, TOOL, …) is not an LLM call even when it repeats model or token attributes, so its tokens are
/// not counted twice.
/// </remarks>
public static class SpanNormalizer
{
    private static readonly int[] ProviderSlots = KnownAttributes.SlotsOf(FactPrecedence.Provider);
    private static readonly int[] OperationSlots = KnownAttributes.SlotsOf(FactPrecedence.Operation);
    private static readonly int[] ResponseModelSlots = KnownAttributes.SlotsOf(FactPrecedence.ResponseModel);
    private static readonly int[] RequestModelSlots = KnownAttributes.SlotsOf(FactPrecedence.RequestModel);
    private static readonly int[] InputTokenSlots = KnownAttributes.SlotsOf(FactPrecedence.InputTokens);
    private static readonly int[] OutputTokenSlots = KnownAttributes.SlotsOf(FactPrecedence.OutputTokens);
    private static readonly int[] CacheReadSlots = KnownAttributes.SlotsOf(FactPrecedence.CacheReadInputTokens);
    private static readonly int[] CacheCreationSlots = KnownAttributes.SlotsOf(FactPrecedence.CacheCreationInputTokens);
    private static readonly int[] ReasoningSlots = KnownAttributes.SlotsOf(FactPrecedence.ReasoningOutputTokens);
    private static readonly int[] FinishReasonSlots = KnownAttributes.SlotsOf(FactPrecedence.FinishReasons);
    private static readonly int[] SuppliedCostSlots = KnownAttributes.SlotsOf(FactPrecedence.SuppliedCost);
    private static readonly int[] UserIdSlots = KnownAttributes.SlotsOf(FactPrecedence.UserId);
    private static readonly int[] SessionIdSlots = KnownAttributes.SlotsOf(FactPrecedence.SessionId);
    private static readonly int[] ErrorTypeSlots = KnownAttributes.SlotsOf(FactPrecedence.ErrorType);
    private static readonly int[] TimeToFirstTokenSlots = KnownAttributes.SlotsOf(FactPrecedence.TimeToFirstToken.Select(t => t.Name));
    private static readonly int OpenInferenceKindSlot = KnownAttributes.SlotsOf([OpenInference.SpanKind])[0];

    // Reused per thread: the ingest path normalizes tens of thousands of spans a second, synchronously.
    [ThreadStatic] private static KnownAttributes? scratch;

    /// <summary>The LLM facts of a span, or null when it is not an LLM call. CostUsd is left unset (see CostCalculator).</summary>
    public static LlmFacts? Normalize(SpanData span) => Read(span).Llm;

    /// <summary>The end user and session a span belongs to, LLM call or not.</summary>
    public static (string? UserId, string? SessionId) ReadIdentity(SpanData span)
    {
        var facts = Read(span);
        return (facts.UserId, facts.SessionId);
    }

    /// <summary>error.type, else the exception.type of the span's exception event unless the span ended OK.</summary>
    public static string? ReadErrorType(SpanData span) => Read(span).ErrorType;

    /// <summary>Everything the normalizer reads from a span, in one pass over its attributes.</summary>
    public static SpanFacts Read(SpanData span)
    {
        var known = scratch ??= new KnownAttributes();
        known.Collect(span.Attributes);
        return new SpanFacts(
            ReadLlm(known),
            First(known, UserIdSlots, LooseValues.ReadText),
            First(known, SessionIdSlots, LooseValues.ReadText),
            First(known, ErrorTypeSlots, LooseValues.ReadText) ?? ReadExceptionType(span));
    }

    private static LlmFacts? ReadLlm(KnownAttributes known)
    {
        if (LooseValues.ReadText(known[OpenInferenceKindSlot]) is { } kind && ReadOpenInferenceOperation(kind) is null)
        {
            return null;
        }

        var declaredProvider = ProviderNames.Canonicalize(First(known, ProviderSlots, LooseValues.ReadText));
        var operation = ReadOperation(known);
        var responseModel = First(known, ResponseModelSlots, LooseValues.ReadText);
        var requestModel = First(known, RequestModelSlots, LooseValues.ReadText);
        var inputTokens = First(known, InputTokenSlots, LooseValues.ReadCount);
        var outputTokens = First(known, OutputTokenSlots, LooseValues.ReadCount);

        if (declaredProvider is null && operation is null && responseModel is null && requestModel is null
            && inputTokens is null && outputTokens is null)
        {
            return null;
        }

        return new LlmFacts
        {
            Provider = declaredProvider ?? ProviderNames.InferFromModel(responseModel ?? requestModel),
            Operation = operation,
            RequestModel = requestModel,
            ResponseModel = responseModel,
            InputTokens = inputTokens,
            OutputTokens = outputTokens,
            CacheReadInputTokens = First(known, CacheReadSlots, LooseValues.ReadCount),
            CacheCreationInputTokens = First(known, CacheCreationSlots, LooseValues.ReadCount),
            ReasoningOutputTokens = First(known, ReasoningSlots, LooseValues.ReadCount),
            TimeToFirstTokenMs = ReadTimeToFirstTokenMs(known),
            SuppliedCostUsd = First(known, SuppliedCostSlots, LooseValues.ReadAmount),
            FinishReasons = ReadFinishReasons(known),
        };
    }

    private static string? ReadOperation(KnownAttributes known)
    {
        foreach (var slot in OperationSlots)
        {
            if (LooseValues.ReadText(known[slot]) is not { } value)
            {
                continue;
            }

            var operation = slot == OpenInferenceKindSlot ? ReadOpenInferenceOperation(value) : CanonicalOperation(value);
            if (operation is not null)
            {
                return operation;
            }
        }

        return null;
    }

    // OpenLLMetry's llm.request.type says "completion" and "embedding" where OTel says text_completion and embeddings.
    private static string CanonicalOperation(string value) => value.ToLowerInvariant() switch
    {
        "completion" => "text_completion",
        "embedding" => "embeddings",
        var other => other,
    };

    private static string? ReadOpenInferenceOperation(string kind) => kind.ToUpperInvariant() switch
    {
        OpenInference.SpanKindLlm => "chat",
        OpenInference.SpanKindEmbedding => "embeddings",
        _ => null,
    };

    private static double? ReadTimeToFirstTokenMs(KnownAttributes known)
    {
        for (var i = 0; i < TimeToFirstTokenSlots.Length; i++)
        {
            if (LooseValues.ReadNumber(known[TimeToFirstTokenSlots[i]]) is { } value and >= 0)
            {
                return value * FactPrecedence.TimeToFirstToken[i].MsPerUnit;
            }
        }

        return null;
    }

    private static IReadOnlyList<string> ReadFinishReasons(KnownAttributes known)
    {
        foreach (var slot in FinishReasonSlots)
        {
            var reasons = LooseValues.ReadTextList(known[slot]);
            if (reasons.Count > 0)
            {
                return reasons;
            }
        }

        return [];
    }

    private static string? ReadExceptionType(SpanData span)
    {
        // An exception recorded on a span that still ended OK was handled (a retry that succeeded): not a failure.
        if (span.Status == SpanStatusCode.Ok)
        {
            return null;
        }

        foreach (var spanEvent in span.Events)
        {
            if (spanEvent.Name != General.ExceptionEventName)
            {
                continue;
            }

            foreach (var (name, value) in spanEvent.Attributes)
            {
                if (name == General.ExceptionType && LooseValues.ReadText(value) is { } type)
                {
                    return type;
                }
            }
        }

        return null;
    }

    // A value that is present but unreadable (a token count of "n/a") falls through to the next convention.
    private static T? First<T>(KnownAttributes known, int[] slots, Func<object?, T?> read) where T : class
    {
        foreach (var slot in slots)
        {
            if (read(known[slot]) is { } value)
            {
                return value;
            }
        }

        return null;
    }

    private static T? First<T>(KnownAttributes known, int[] slots, Func<object?, T?> read) where T : struct
    {
        foreach (var slot in slots)
        {
            if (read(known[slot]) is { } value)
            {
                return value;
            }
        }

        return null;
    }
}
