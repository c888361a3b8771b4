using System.Text.Json;
using Observatory.Core.Llm.Emitters;
using Observatory.Core.Spans;
using static Observatory.Core.Llm.ConventionNames;

namespace Observatory.Core.Llm;

/// <summary>
/// Reads the LLM facts of a span, whatever convention it speaks (see <see cref="Dialects"/>), with the precedence of
/// <see cref="FactPrecedence"/>, and normalizes them: one operation vocabulary, canonical providers, inclusive token
/// counts, content as one message array.
/// </summary>
/// <remarks>
/// A span is an LLM span when it carries a provider, an operation (including a framework span kind), a model or token
/// usage; the span kind is never consulted because OpenInference marks LLM calls INTERNAL.
/// Framework spans that wrap model calls — OpenInference CHAIN, AGENT, TOOL, RETRIEVER, GUARDRAIL, EVALUATOR, PROMPT;
/// any traceloop.span.kind; the outer Vercel ai.generateText / streamText / generateObject / streamObject / embed /
/// embedMany span and ai.toolCall — keep their dialect, operation, content and finish reasons but no model, tokens,
/// cost or TTFT: they repeat the usage of the model-call spans under them (a LangChain CHAIN span repeats
/// llm.token_count.*, ai.generateText sums its doGenerate steps), so they are never model calls and never summed.
/// OTel gen_ai.* agent spans (invoke_agent with a model and the summed usage, as Strands sends) keep those facts for
/// display, but <see cref="LlmFacts.IsModelCall"/> keeps them out of every total. Token inclusivity and units come from
/// the <see cref="EmitterTable"/> row that recognises the span's instrumentation.
/// </remarks>
public static partial class SpanNormalizer
{
    private static readonly int[] ProviderSlots = KnownAttributes.SlotsOf(FactPrecedence.Provider);
    private static readonly int[] ResponseModelSlots = KnownAttributes.SlotsOf(FactPrecedence.ResponseModel);
    private static readonly int[] RequestModelSlots = KnownAttributes.SlotsOf(FactPrecedence.RequestModel);
    private static readonly int[] InputTokenSlots = KnownAttributes.SlotsOf(FactPrecedence.InputTokens);
    private static readonly int[] OutputTokenSlots = KnownAttributes.SlotsOf(FactPrecedence.OutputTokens);
    private static readonly int[] TotalTokenSlots = KnownAttributes.SlotsOf(FactPrecedence.TotalTokens);
    private static readonly int[] CacheReadSlots = KnownAttributes.SlotsOf(FactPrecedence.CacheReadInputTokens);
    private static readonly int[] CacheCreationSlots = KnownAttributes.SlotsOf(FactPrecedence.CacheCreationInputTokens);
    private static readonly int[] ReasoningSlots = KnownAttributes.SlotsOf(FactPrecedence.ReasoningOutputTokens);
    private static readonly int[] FinishReasonSlots = KnownAttributes.SlotsOf(FactPrecedence.FinishReasons);
    private static readonly int[] SuppliedCostSlots = KnownAttributes.SlotsOf(FactPrecedence.SuppliedCost);
    private static readonly int[] ServiceTierSlots = KnownAttributes.SlotsOf(FactPrecedence.ServiceTier);
    private static readonly int[] UserIdSlots = KnownAttributes.SlotsOf(FactPrecedence.UserId);
    private static readonly int[] SessionIdSlots = KnownAttributes.SlotsOf(FactPrecedence.SessionId);
    private static readonly int[] ErrorTypeSlots = KnownAttributes.SlotsOf(FactPrecedence.ErrorType);
    private static readonly int[] TimeToFirstTokenSlots = KnownAttributes.SlotsOf(FactPrecedence.TimeToFirstToken.Select(t => t.Name));
    private static readonly int[] ObservatorySdkMarkerSlots = KnownAttributes.SlotsOf(FactPrecedence.ObservatorySdkMarkers);
    private static readonly int[] CurrentOTelMarkerSlots = KnownAttributes.SlotsOf(FactPrecedence.CurrentOTelMarkers);
    private static readonly int[] LegacyOTelMarkerSlots = KnownAttributes.SlotsOf(FactPrecedence.LegacyOTelMarkers);
    private static readonly int[] WeakOpenInferenceMarkerSlots = KnownAttributes.SlotsOf(FactPrecedence.WeakOpenInferenceMarkers);
    private static readonly int[] OpenLlmetryMarkerSlots =
        KnownAttributes.SlotsOf([OpenLlmetry.RequestType, OpenLlmetry.LegacyIsStreaming, OpenLlmetry.IsStreaming]);
    private static readonly int[] OpenInferenceProviderSlots = KnownAttributes.SlotsOf([OpenInference.Provider, OpenInference.System]);

    private static readonly int OTelOperationSlot = KnownAttributes.SlotOf(OTelGenAi.OperationName);
    private static readonly int RequestTypeSlot = KnownAttributes.SlotOf(OpenLlmetry.RequestType);
    private static readonly int SdkOperationSlot = KnownAttributes.SlotOf(ObservatorySdk.Operation);
    private static readonly int OpenInferenceKindSlot = KnownAttributes.SlotOf(OpenInference.SpanKind);
    private static readonly int TraceloopKindSlot = KnownAttributes.SlotOf(OpenLlmetry.SpanKind);
    private static readonly int VercelOperationSlot = KnownAttributes.SlotOf(VercelAi.OperationId);
    // By id: a record's own hash would hash every field of the row on each span.
    private static readonly Dictionary<string, EmitterSlots> SlotsByEmitter =
        EmitterTable.Rows.ToDictionary(row => row.Id, row => new EmitterSlots(row), StringComparer.Ordinal);
    private static readonly int InvocationParametersSlot = KnownAttributes.SlotOf(OpenInference.InvocationParameters);
    private static readonly int CostPromptSlot = KnownAttributes.SlotOf(OpenInference.CostPrompt);
    private static readonly int CostCompletionSlot = KnownAttributes.SlotOf(OpenInference.CostCompletion);
    private static readonly int FinishReasonsSlot = KnownAttributes.SlotOf(OTelGenAi.FinishReasons);
    private static readonly int LegacyTotalTokensSlot = KnownAttributes.SlotOf(OpenLlmetry.LegacyTotalTokens);

    // Reused per thread: the ingest path normalizes tens of thousands of spans a second, synchronously.
    [ThreadStatic] private static KnownAttributes? scratch;

    /// <summary>The LLM facts of a span, or null when it is not an LLM span. CostUsd is left unset (see CostCalculator).</summary>
    public static LlmFacts? Normalize(SpanData span) => Read(span).Llm;

    /// <summary>The end user and session a span belongs to, LLM call or not.</summary>
    public static (string? UserId, string? SessionId) ReadIdentity(SpanData span)
    {
        var facts = Read(span, captureContent: false);
        return (facts.UserId, facts.SessionId);
    }

    /// <summary>error.type, else the exception.type of the span's exception event unless the span ended OK.</summary>
    public static string? ReadErrorType(SpanData span) => Read(span, captureContent: false).ErrorType;

    /// <summary>Everything the normalizer reads from a span, content included.</summary>
    public static SpanFacts Read(SpanData span) => Read(span, captureContent: true);

    /// <summary>
    /// Everything the normalizer reads from a span, in one pass over its attributes (plus one over content attributes
    /// when <paramref name="captureContent"/> is on; off, <see cref="LlmFacts.Input"/> and Output stay null).
    /// </summary>
    public static SpanFacts Read(SpanData span, bool captureContent)
    {
        var known = scratch ??= new KnownAttributes();
        known.Collect(span.Attributes);
        return new SpanFacts(
            ReadLlm(span, known, captureContent),
            FactLimits.Identifier(First(known, UserIdSlots, LooseValues.ReadText)),
            FactLimits.Identifier(First(known, SessionIdSlots, LooseValues.ReadText)),
            FactLimits.Identifier(First(known, ErrorTypeSlots, LooseValues.ReadText) ?? ReadExceptionType(span)));
    }

    private static LlmFacts? ReadLlm(SpanData span, KnownAttributes known, bool captureContent)
    {
        var wrapperOperation = ReadWrapperOperation(known);
        var operation = wrapperOperation ?? ReadOperation(known);
        var providerText = First(known, ProviderSlots, LooseValues.ReadText);
        var declaredProvider = ProviderNames.Canonicalize(providerText);
        var responseModel = First(known, ResponseModelSlots, ReadModel);
        var requestModel = First(known, RequestModelSlots, ReadModel) ?? ReadInvocationModel(known);
        var inputTokens = First(known, InputTokenSlots, LooseValues.ReadCount);
        var outputTokens = First(known, OutputTokenSlots, LooseValues.ReadCount);

        if (declaredProvider is null && operation is null && responseModel is null && requestModel is null
            && inputTokens is null && outputTokens is null)
        {
            return null;
        }

        var dialect = DetectDialect(span, known);
        var content = captureContent ? LlmContent.FromSpan(span, known) : default;
        var facts = new LlmFacts
        {
            Dialect = dialect,
            Provider = FactLimits.Identifier(declaredProvider ?? ProviderNames.InferFromModel(responseModel ?? requestModel)),
            Operation = FactLimits.Identifier(operation),
            FinishReasons = ReadFinishReasons(known),
            Input = content.Input,
            Output = content.Output,
        };

        if (wrapperOperation is not null)
        {
            return facts;
        }

        var model = responseModel ?? requestModel;
        var emitter = EmitterTable.Recognise(new EmitterEvidence(known, dialect, span.ScopeName, span.Name, providerText, facts.Provider, model));
        var slots = emitter is null ? null : SlotsByEmitter[emitter.Id];
        var tokens = ReadTokens(known, emitter, slots, inputTokens, outputTokens);
        return WithModalities(known, facts with
        {
            Emitter = emitter?.Id,
            Inclusivity = tokens.Input is null && tokens.Output is null ? null
                : emitter is null ? TokenInclusivity.Guessed : TokenInclusivity.Known,
            RequestModel = FactLimits.Identifier(requestModel),
            ResponseModel = FactLimits.Identifier(responseModel),
            InputTokens = tokens.Input,
            OutputTokens = tokens.Output,
            CacheReadInputTokens = tokens.CacheRead,
            CacheCreationInputTokens = tokens.CacheWrite,
            ReasoningOutputTokens = tokens.Reasoning,
            TimeToFirstTokenMs = ReadTimeToFirstTokenMs(known, slots),
            SuppliedCostUsd = ReadSuppliedCost(known),
            ServiceTier = FactLimits.Identifier(First(known, ServiceTierSlots, LooseValues.ReadText)?.ToLowerInvariant()),
        });
    }

    /// <summary>The dialect of the span, by the rules documented on <see cref="Dialects"/>, in that order.</summary>
    private static string? DetectDialect(SpanData span, KnownAttributes known)
    {
        var markers = known.Markers;
        if (known.Has(OpenInferenceKindSlot))
        {
            return Dialects.OpenInference;
        }

        if ((markers & PrefixMarkers.VercelAi) != 0)
        {
            return Dialects.VercelAi;
        }

        if ((markers & (PrefixMarkers.Traceloop | PrefixMarkers.IndexedPromptOrCompletion)) != 0 || known.HasAny(OpenLlmetryMarkerSlots))
        {
            return Dialects.OpenLlmetry;
        }

        // Spring AI's Micrometer observations also write finish reasons as one "[...]" string: not MEAI.
        if (IsMicrosoftScope(span.ScopeName) || (span.ScopeName != SpringAi.ScopeName
            && known[FinishReasonsSlot] is string reasons && reasons.AsSpan().TrimStart().StartsWith("[")))
        {
            return Dialects.MicrosoftExtensionsAi;
        }

        if (known.HasAny(ObservatorySdkMarkerSlots))
        {
            return Dialects.ObservatorySdk;
        }

        if (known.Has(LegacyTotalTokensSlot))
        {
            return Dialects.OpenLlmetry;
        }

        if (known.HasAny(CurrentOTelMarkerSlots))
        {
            return Dialects.OTelGenAi;
        }

        if (known.HasAny(LegacyOTelMarkerSlots) || (markers & PrefixMarkers.LegacyOpenAi) != 0 || HasLegacyContentEvent(span))
        {
            return Dialects.OTelGenAiLegacy;
        }

        if (HasAnyGenAiName(span.Attributes))
        {
            return Dialects.OTelGenAi;
        }

        if (known.HasAny(WeakOpenInferenceMarkerSlots) || (markers & (PrefixMarkers.OpenInferenceTokenCount | PrefixMarkers.OpenInferenceMessages)) != 0)
        {
            return Dialects.OpenInference;
        }

        return known.HasAny(OpenInferenceProviderSlots) ? Dialects.ObservatorySdk : null;
    }

    private static bool IsMicrosoftScope(string? scope) =>
        scope is not null && MicrosoftExtensionsAi.ScopePrefixes.Any(prefix => scope.StartsWith(prefix, StringComparison.Ordinal));

    private static bool HasLegacyContentEvent(SpanData span)
    {
        foreach (var spanEvent in span.Events)
        {
            if (spanEvent.Name is OTelGenAiDeprecated.ContentPromptEvent or OTelGenAiDeprecated.ContentCompletionEvent
                or OTelGenAiDeprecated.SystemMessageEvent or OTelGenAiDeprecated.UserMessageEvent
                or OTelGenAiDeprecated.AssistantMessageEvent or OTelGenAiDeprecated.ToolMessageEvent or OTelGenAiDeprecated.ChoiceEvent)
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasAnyGenAiName(IReadOnlyList<KeyValuePair<string, object?>> attributes)
    {
        for (var i = 0; i < attributes.Count; i++)
        {
            if (attributes[i].Key.StartsWith("gen_ai.", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The operation of a framework span that wraps model calls, or null for any other span.</summary>
    private static string? ReadWrapperOperation(KnownAttributes known)
    {
        if (LooseValues.ReadText(known[OpenInferenceKindSlot]) is { } kind)
        {
            var wrapper = kind.ToUpperInvariant() switch
            {
                OpenInference.SpanKindChain => "workflow",
                OpenInference.SpanKindAgent => "invoke_agent",
                OpenInference.SpanKindTool => "execute_tool",
                OpenInference.SpanKindRetriever => "retrieval",
                OpenInference.SpanKindGuardrail => "guardrail",
                OpenInference.SpanKindEvaluator => "evaluation",
                OpenInference.SpanKindPrompt => "prompt",
                _ => null,
            };
            if (wrapper is not null)
            {
                return wrapper;
            }
        }

        if (LooseValues.ReadText(known[TraceloopKindSlot]) is { } traceloopKind)
        {
            return traceloopKind.ToLowerInvariant() switch
            {
                "workflow" => "workflow",
                "task" => "task",
                "agent" => "invoke_agent",
                "tool" => "execute_tool",
                var other => other,
            };
        }

        return LooseValues.ReadText(known[VercelOperationSlot]) switch
        {
            { } id when VercelAi.WrapperOperationIds.Contains(id) => "workflow",
            VercelAi.ToolCallOperationId => "execute_tool",
            _ => null,
        };
    }

    // Current OTel name first, then each dialect's own vocabulary mapped to OTel's.
    private static string? ReadOperation(KnownAttributes known)
    {
        if (LooseValues.ReadText(known[OTelOperationSlot]) is { } otel && CanonicalOperation(otel) is { } fromOTel)
        {
            return fromOTel;
        }

        foreach (var slot in (ReadOnlySpan<int>)[RequestTypeSlot, SdkOperationSlot])
        {
            if (LooseValues.ReadText(known[slot]) is { } value && CanonicalOperation(value) is { } operation)
            {
                return operation;
            }
        }

        if (LooseValues.ReadText(known[OpenInferenceKindSlot]) is { } kind)
        {
            switch (kind.ToUpperInvariant())
            {
                case OpenInference.SpanKindLlm:
                    return "chat";
                case OpenInference.SpanKindEmbedding:
                    return "embeddings";
                case OpenInference.SpanKindReranker:
                    return "rerank";
            }
        }

        return LooseValues.ReadText(known[VercelOperationSlot]) switch
        {
            { } id when VercelAi.ChatOperationIds.Contains(id) => "chat",
            { } id when VercelAi.EmbeddingOperationIds.Contains(id) => "embeddings",
            _ => null,
        };
    }

    // OpenLLMetry's llm.request.type says "completion" and "embedding" where OTel says text_completion and embeddings,
    // Semantic Kernel "chat.completions" and "text.completions"; OTel's invoke_workflow is the workflow of the other
    // dialects; "unknown" says nothing. LiteLLM writes its call type: acompletion (chat), aembedding, atext_completion.
    private static string? CanonicalOperation(string value) => value.ToLowerInvariant() switch
    {
        "completion" or "text.completions" or "atext_completion" => "text_completion",
        "chat.completions" or "acompletion" or "responses" or "aresponses" => "chat",
        "embedding" or "aembedding" => "embeddings",
        OTelGenAi.OperationInvokeWorkflow => "workflow",
        "unknown" => null,
        var other => other,
    };

    private readonly record struct Tokens(long? Input, long? Output, long? CacheRead, long? CacheWrite, long? Reasoning);

    /// <summary>The slots of the attributes one emitter row reads, resolved once.</summary>
    private sealed class EmitterSlots(EmitterProfile row)
    {
        public int[] Input { get; } = KnownAttributes.SlotsOf(row.Reads.Input);
        public int[] Output { get; } = KnownAttributes.SlotsOf(row.Reads.Output);
        public int[] CacheRead { get; } = KnownAttributes.SlotsOf(row.Reads.CacheRead);
        public int[] CacheWrite { get; } = KnownAttributes.SlotsOf(row.Reads.CacheWrite);
        public int[] Reasoning { get; } = KnownAttributes.SlotsOf(row.Reads.Reasoning);
        public int? TimeToFirstToken { get; } = row.Reads.TimeToFirstToken is { } ttft ? KnownAttributes.SlotOf(ttft.Attribute) : null;
        public double MsPerTimeUnit { get; } = row.Reads.TimeToFirstToken?.Unit == TimeUnit.Seconds ? 1000 : 1;
        public int? InputMetadata { get; } = row.Reads.InputInMetadata is { } m ? KnownAttributes.SlotOf(m.Attribute) : null;
        public int? CacheReadMetadata { get; } = row.Reads.CacheReadInMetadata is { } m ? KnownAttributes.SlotOf(m.Attribute) : null;
        public int? CacheWriteMetadata { get; } = row.Reads.CacheWriteInMetadata is { } m ? KnownAttributes.SlotOf(m.Attribute) : null;
    }

    /// <summary>
    /// The five token kinds in the OTel meaning (input includes cache, output includes reasoning). A known emitter's
    /// own attributes are read first and its inclusivity is taken from <see cref="EmitterTable"/>; for an unknown
    /// emitter the counts are compared as a last resort: cache reads + writes greater than the input cannot be
    /// included in it, reasoning greater than the output cannot be included in it.
    /// </summary>
    private static Tokens ReadTokens(KnownAttributes known, EmitterProfile? emitter, EmitterSlots? slots, long? input, long? output)
    {
        if (slots is not null)
        {
            input = ReadMetadataCount(known, slots.InputMetadata, emitter?.Reads.InputInMetadata?.Paths)
                ?? First(known, slots.Input, LooseValues.ReadCount) ?? input;
            output = First(known, slots.Output, LooseValues.ReadCount) ?? output;
        }

        var cacheRead = (slots is null ? null : First(known, slots.CacheRead, LooseValues.ReadCount))
            ?? First(known, CacheReadSlots, LooseValues.ReadCount)
            ?? ReadMetadataCount(known, slots?.CacheReadMetadata, emitter?.Reads.CacheReadInMetadata?.Paths);
        var cacheWrite = (slots is null ? null : First(known, slots.CacheWrite, LooseValues.ReadCount))
            ?? First(known, CacheCreationSlots, LooseValues.ReadCount)
            ?? ReadMetadataCount(known, slots?.CacheWriteMetadata, emitter?.Reads.CacheWriteInMetadata?.Paths);
        var reasoning = (slots is null ? null : First(known, slots.Reasoning, LooseValues.ReadCount))
            ?? First(known, ReasoningSlots, LooseValues.ReadCount);

        // A total fills in a missing side, in the emitter's own meaning (before the inclusivity fix below), or the
        // reasoning of an emitter whose total alone counts it.
        var sentTotal = First(known, TotalTokenSlots, LooseValues.ReadCount);
        if (sentTotal is { } total)
        {
            if (input is { } knownInput && output is null && total >= knownInput)
            {
                output = total - knownInput;
            }
            else if (output is { } knownOutput && input is null && total >= knownOutput)
            {
                input = total - knownOutput;
            }
            else if (emitter?.ReasoningInTotal == true && reasoning is null && input is { } sentInput && output is { } sentOutput
                && total > sentInput + sentOutput)
            {
                // The thinking the emitter left out of its output count, seen only in its total.
                reasoning = total - sentInput - sentOutput;
            }
        }

        // Read before the cache is added: an emitter's total is in its own meaning.
        var reasoningOutsideByTotal = emitter?.TotalTellsReasoningInclusion == true && sentTotal is { } t && input is { } ti
            && output is { } to && reasoning is { } tr && tr > 0 && t == ti + to + tr;

        var cached = (cacheRead ?? 0) + (cacheWrite ?? 0);
        var inputExcludesCache = emitter is null ? input is { } i && cached > i : !emitter.InputIncludesCache;
        if (input is { } rawInput && cached > 0 && inputExcludesCache)
        {
            input = rawInput + cached;
        }

        var outputExcludesReasoning = emitter is null ? output is { } o && reasoning > o
            : !emitter.OutputIncludesReasoning || reasoningOutsideByTotal;
        if (output is { } rawOutput && reasoning is { } reasoningTokens && reasoningTokens > 0 && outputExcludesReasoning)
        {
            output = rawOutput + reasoningTokens;
        }

        return new Tokens(input, output, cacheRead, cacheWrite, reasoning);
    }

    // A count inside a JSON attribute, e.g. ai.response.providerMetadata {"anthropic":{"usage":{"cache_read_input_tokens":500}}}:
    // the first of the paths that leads to a count.
    private static long? ReadMetadataCount(KnownAttributes known, int? slot, string[][]? paths)
    {
        if (slot is not { } s || paths is null || LooseValues.ReadText(known[s]) is not { } json || !json.StartsWith('{'))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            foreach (var path in paths)
            {
                if (CountAt(document.RootElement, path) is { } count)
                {
                    return count;
                }
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static long? CountAt(JsonElement element, string[] path)
    {
        foreach (var key in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(key, out element))
            {
                return null;
            }
        }

        return element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var n) && n is >= 0 and <= FactLimits.MaxTokens ? n : null;
    }

    // Spring AI writes Micrometer's KeyValue.NONE_VALUE ("none") for a model it does not know: no model at all.
    private static string? ReadModel(object? value) =>
        LooseValues.ReadText(value) is { } model && !model.Equals("none", StringComparison.OrdinalIgnoreCase) ? model : null;

    // OpenInference puts the requested model in the invocation parameters JSON when llm.model_name is missing.
    private static string? ReadInvocationModel(KnownAttributes known)
    {
        if (LooseValues.ReadText(known[InvocationParametersSlot]) is not { } json || !json.StartsWith('{'))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            foreach (var name in (ReadOnlySpan<string>)["model", "model_name", "modelId"])
            {
                if (document.RootElement.TryGetProperty(name, out var model) && model.ValueKind == JsonValueKind.String
                    && !string.IsNullOrWhiteSpace(model.GetString()))
                {
                    return model.GetString()!.Trim();
                }
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // OpenInference may send only the prompt and completion parts of the cost.
    private static decimal? ReadSuppliedCost(KnownAttributes known) =>
        First(known, SuppliedCostSlots, LooseValues.ReadAmount)
        ?? (LooseValues.ReadAmount(known[CostPromptSlot]) is { } prompt && LooseValues.ReadAmount(known[CostCompletionSlot]) is { } completion
            ? prompt + completion
            : null);

    // The emitter's own attribute and unit first: Strands writes milliseconds into gen_ai.server.time_to_first_token.
    private static double? ReadTimeToFirstTokenMs(KnownAttributes known, EmitterSlots? slots)
    {
        if (slots?.TimeToFirstToken is { } own)
        {
            if (LooseValues.ReadNumber(known[own]) is { } value and >= 0 && value * slots.MsPerTimeUnit is var ms and <= FactLimits.MaxTimeToFirstTokenMs)
            {
                return ms;
            }

            // Present but unreadable: the generic names would misread the same attribute in another unit.
            if (known.Has(own))
            {
                return null;
            }
        }

        for (var i = 0; i < TimeToFirstTokenSlots.Length; i++)
        {
            if (LooseValues.ReadNumber(known[TimeToFirstTokenSlots[i]]) is { } value and >= 0
                && value * FactPrecedence.TimeToFirstToken[i].MsPerUnit is var ms and <= FactLimits.MaxTimeToFirstTokenMs)
            {
                return ms;
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
