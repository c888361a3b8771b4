namespace Observatory.Core.Llm.Emitters;

/// <summary>
/// What one instrumentation (for one provider, where that matters) really sends, read from its public source: how to
/// recognise it, which attribute carries each token count, and whether its counts already include the cache and the
/// reasoning. One row of <see cref="EmitterTable"/>.
/// </summary>
public sealed record EmitterProfile
{
    /// <summary>Stable id, stored on each span it recognised (llm.emitter in the trace API).</summary>
    public required string Id { get; init; }

    /// <summary>The instrumentation, as a user knows it.</summary>
    public required string Instrumentation { get; init; }

    /// <summary>The provider (and API) the row is about, or "any".</summary>
    public required string Provider { get; init; }

    /// <summary>How the row is recognised, in words (the predicate is <see cref="Matches"/>).</summary>
    public required string RecognisedBy { get; init; }

    /// <summary>Whether a span comes from this emitter: first matching row wins.</summary>
    internal Func<EmitterEvidence, bool> Matches { get; init; } = _ => false;

    /// <summary>Which attribute carries each fact, read before the generic precedence of <see cref="FactPrecedence"/>.</summary>
    public required EmitterAttributes Reads { get; init; }

    /// <summary>True when the input count already includes cache reads and writes (the OTel meaning).</summary>
    public required bool InputIncludesCache { get; init; }

    /// <summary>True when the output count already includes reasoning (thinking) tokens.</summary>
    public required bool OutputIncludesReasoning { get; init; }

    /// <summary>
    /// True when the emitter sends no reasoning count but a total that includes it (Gemini's total_token_count counts
    /// thoughts_token_count, its candidates_token_count does not): reasoning is then total − input − output.
    /// </summary>
    public bool ReasoningInTotal { get; init; }

    /// <summary>
    /// True when the emitter's versions disagree on whether output includes reasoning, and the total they all send (the
    /// provider's own) tells which one sent the span: a total of input + output + reasoning means the reasoning was
    /// left out of the output (the first @ai-sdk/xai chat models); any other total leaves <see cref="OutputIncludesReasoning"/>.
    /// </summary>
    public bool TotalTellsReasoningInclusion { get; init; }

    /// <summary>The public source the row was read from: repository and path, or documentation address.</summary>
    public required string Source { get; init; }

    /// <summary>What else a reader of the numbers should know.</summary>
    public string? Note { get; init; }
}

/// <summary>The attributes each token fact is read from for one emitter, first present wins; empty where it sends none.</summary>
public sealed record EmitterAttributes
{
    public required string[] Input { get; init; }
    public required string[] Output { get; init; }
    public string[] CacheRead { get; init; } = [];
    public string[] CacheWrite { get; init; } = [];
    public string[] Reasoning { get; init; } = [];

    /// <summary>
    /// An input count inside a JSON attribute that, when present, wins over <see cref="Input"/>: the provider's raw usage
    /// (Vercel's providerMetadata.anthropic.usage), whose meaning does not change with the SDK's version.
    /// </summary>
    public (string Attribute, string[][] Paths)? InputInMetadata { get; init; }

    /// <summary>
    /// A cache count found only inside a JSON attribute (Vercel's ai.response.providerMetadata): the attribute, then the
    /// paths of keys, first found wins (the SDK's versions put it in different places).
    /// </summary>
    public (string Attribute, string[][] Paths)? CacheReadInMetadata { get; init; }

    /// <summary>As <see cref="CacheReadInMetadata"/>, for cache writes.</summary>
    public (string Attribute, string[][] Paths)? CacheWriteInMetadata { get; init; }

    /// <summary>Time to first token and its unit, when the emitter sends one.</summary>
    public (string Attribute, TimeUnit Unit)? TimeToFirstToken { get; init; }

    /// <summary>Every attribute name the row reads, for the one-pass attribute collector.</summary>
    internal IEnumerable<string> Names() =>
        Input.Concat(Output).Concat(CacheRead).Concat(CacheWrite).Concat(Reasoning)
            .Concat(new[] { InputInMetadata?.Attribute, CacheReadInMetadata?.Attribute, CacheWriteInMetadata?.Attribute, TimeToFirstToken?.Attribute }
                .OfType<string>());
}

/// <summary>The unit of a duration attribute.</summary>
public enum TimeUnit
{
    Seconds,
    Milliseconds,
}
