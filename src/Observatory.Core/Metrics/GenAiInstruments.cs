namespace Observatory.Core.Metrics;

/// <summary>The token counts a usage view adds up, in the OTel meaning: input includes the cache, output the reasoning.</summary>
public enum TokenKind
{
    Input,
    Output,
    CacheRead,
    CacheWrite,
    Reasoning,
}

/// <summary>
/// The GenAI and MCP instruments we read (semantic-conventions-genai, "Development", and the names it had before),
/// and which token kind each token instrument's points count. The token instruments were renamed several times; an
/// app may send more than one generation, so a usage view takes each kind from the newest family that reports it
/// (the lowest <see cref="TokenSource.Family"/>) and never adds two families together.
/// </summary>
public static class GenAiInstruments
{
    public const string TokenUsage = "gen_ai.client.token.usage";
    public const string OperationDuration = "gen_ai.client.operation.duration";
    public const string TimeToFirstChunk = "gen_ai.client.operation.time_to_first_chunk";
    public const string TimePerOutputChunk = "gen_ai.client.operation.time_per_output_chunk";
    public const string ServerRequestDuration = "gen_ai.server.request.duration";
    public const string ServerTimeToFirstToken = "gen_ai.server.time_to_first_token";
    public const string ServerTimePerOutputToken = "gen_ai.server.time_per_output_token";
    public const string InferenceTokens = "gen_ai.client.inference.tokens";
    public const string InputTokensByCache = "gen_ai.client.inference.input_tokens_by_cache";
    public const string OutputTokensByPhase = "gen_ai.client.inference.output_tokens_by_phase";
    public const string McpClientOperationDuration = "mcp.client.operation.duration";
    public const string McpServerOperationDuration = "mcp.server.operation.duration";
    public const string McpClientSessionDuration = "mcp.client.session.duration";
    public const string McpServerSessionDuration = "mcp.server.session.duration";

    /// <summary>The attributes that split the token instruments.</summary>
    public const string TokenTypeAttribute = "gen_ai.token.type";
    public const string TokenCacheAttribute = "gen_ai.token.cache";
    public const string TokenPhaseAttribute = "gen_ai.token.phase";

    private const string UsagePrefix = "gen_ai.client.inference.usage.";
    private const string DetailedPrefix = "gen_ai.client.inference.usage.detailed.";

    /// <summary>Every instrument whose points say how many tokens of which kind were used.</summary>
    public static readonly IReadOnlyList<string> TokenInstruments =
    [
        InferenceTokens, InputTokensByCache, OutputTokensByPhase,
        .. PerKind(DetailedPrefix), .. PerKind(UsagePrefix),
        TokenUsage,
    ];

    /// <summary>The attribute of <paramref name="instrument"/> that names the token kind, if it has one.</summary>
    public static string? KindAttribute(string instrument) => instrument switch
    {
        InferenceTokens or TokenUsage => TokenTypeAttribute,
        InputTokensByCache => TokenCacheAttribute,
        OutputTokensByPhase => TokenPhaseAttribute,
        _ => null,
    };

    /// <summary>What a point of <paramref name="instrument"/> with <paramref name="kindValue"/> (the value of its <see cref="KindAttribute"/>) counts; null for anything else.</summary>
    public static TokenSource? Source(string instrument, string? kindValue) => instrument switch
    {
        InferenceTokens => TokenType(kindValue) is { } kind ? new TokenSource(0, kind) : null,
        InputTokensByCache => kindValue switch
        {
            "read" => new TokenSource(0, TokenKind.CacheRead),
            "write" => new TokenSource(0, TokenKind.CacheWrite),
            _ => null,
        },
        OutputTokensByPhase => kindValue == "reasoning" ? new TokenSource(0, TokenKind.Reasoning) : null,
        _ when instrument.StartsWith(DetailedPrefix, StringComparison.Ordinal) => Suffix(instrument[DetailedPrefix.Length..]) is { } kind ? new TokenSource(1, kind) : null,
        _ when instrument.StartsWith(UsagePrefix, StringComparison.Ordinal) => Suffix(instrument[UsagePrefix.Length..]) is { } kind ? new TokenSource(2, kind) : null,
        TokenUsage => TokenType(kindValue) is { } kind ? new TokenSource(3, kind) : null,
        _ => null,
    };

    // Early conventions said "completion" (and some SDKs "prompt") for what is now "output" and "input".
    private static TokenKind? TokenType(string? value) => value switch
    {
        "input" or "prompt" => TokenKind.Input,
        "output" or "completion" => TokenKind.Output,
        _ => null,
    };

    private static TokenKind? Suffix(string suffix) => suffix switch
    {
        "input_tokens" => TokenKind.Input,
        "output_tokens" => TokenKind.Output,
        "cache_read.input_tokens" => TokenKind.CacheRead,
        "cache_write.input_tokens" => TokenKind.CacheWrite,
        "reasoning.output_tokens" => TokenKind.Reasoning,
        _ => null,
    };

    private static IEnumerable<string> PerKind(string prefix) =>
        new[] { "input_tokens", "output_tokens", "cache_read.input_tokens", "cache_write.input_tokens", "reasoning.output_tokens" }.Select(s => prefix + s);
}

/// <summary>A token instrument's generation (0 the newest) and the kind of tokens a point counts.</summary>
public readonly record struct TokenSource(int Family, TokenKind Kind);
