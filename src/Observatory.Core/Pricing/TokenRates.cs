namespace Observatory.Core.Pricing;

/// <summary>Prices of one model in USD per million tokens, one per token kind.</summary>
/// <param name="InputPerMillion">Uncached input (prompt) tokens.</param>
/// <param name="OutputPerMillion">Output tokens, and reasoning tokens unless <paramref name="ReasoningPerMillion"/> is set.</param>
/// <param name="CacheReadPerMillion">Input tokens read from the prompt cache; null when the provider does not price them differently (they then cost the input rate).</param>
/// <param name="CacheWritePerMillion">Input tokens written to the prompt cache (Anthropic's 5-minute write); null when the provider does not price them differently (they then cost the input rate).</param>
/// <param name="CacheWrite1hPerMillion">Anthropic's 1-hour cache write. Recorded for reference; spans do not yet say which cache lifetime they wrote, so costs use <paramref name="CacheWritePerMillion"/>.</param>
/// <param name="ReasoningPerMillion">Reasoning (thinking) output tokens when they are priced apart from other output; null means the output rate.</param>
/// <param name="AudioInputPerMillion">Uncached audio input tokens (OpenAI audio and realtime models, Gemini's audio input); null means the input rate.</param>
/// <param name="AudioOutputPerMillion">Audio output tokens (OpenAI audio, realtime and TTS models); null means the output rate.</param>
/// <param name="ImageInputPerMillion">Uncached image input tokens where a provider prices them apart (gpt-realtime); null means the input rate.</param>
public sealed record TokenRates(
    decimal InputPerMillion,
    decimal OutputPerMillion,
    decimal? CacheReadPerMillion = null,
    decimal? CacheWritePerMillion = null,
    decimal? CacheWrite1hPerMillion = null,
    decimal? ReasoningPerMillion = null,
    decimal? AudioInputPerMillion = null,
    decimal? AudioOutputPerMillion = null,
    decimal? ImageInputPerMillion = null)
{
    /// <summary>Every rate that is set, for validation.</summary>
    public IEnumerable<decimal> All =>
        new[]
        {
            InputPerMillion, OutputPerMillion, CacheReadPerMillion, CacheWritePerMillion, CacheWrite1hPerMillion, ReasoningPerMillion,
            AudioInputPerMillion, AudioOutputPerMillion, ImageInputPerMillion,
        }.OfType<decimal>();

    /// <summary>These rates, with each optional rate left unset here taken from <paramref name="baseRates"/>.</summary>
    internal TokenRates Over(TokenRates baseRates) => this with
    {
        CacheReadPerMillion = CacheReadPerMillion ?? baseRates.CacheReadPerMillion,
        CacheWritePerMillion = CacheWritePerMillion ?? baseRates.CacheWritePerMillion,
        CacheWrite1hPerMillion = CacheWrite1hPerMillion ?? baseRates.CacheWrite1hPerMillion,
        ReasoningPerMillion = ReasoningPerMillion ?? baseRates.ReasoningPerMillion,
        AudioInputPerMillion = AudioInputPerMillion ?? baseRates.AudioInputPerMillion,
        AudioOutputPerMillion = AudioOutputPerMillion ?? baseRates.AudioOutputPerMillion,
        ImageInputPerMillion = ImageInputPerMillion ?? baseRates.ImageInputPerMillion,
    };
}

/// <summary>
/// Higher rates for long prompts: when a request's prompt (input tokens, cached ones included) is more than
/// <paramref name="AboveInputTokens"/>, the whole request (input, cache and output) is priced at <paramref name="Rates"/>,
/// as Google (Gemini 1.5/2.5 Pro) and Anthropic (Sonnet 4/4.5 long context) bill it. A prompt of exactly the threshold
/// stays on the lower rates. Optional rates the tier leaves unset are the base price's.
/// </summary>
public sealed record PriceTier(long AboveInputTokens, TokenRates Rates);
