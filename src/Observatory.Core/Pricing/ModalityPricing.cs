using Observatory.Core.Llm;

namespace Observatory.Core.Pricing;

/// <summary>
/// How a call's audio and image tokens are priced: at the price's own modality rate when it lists one
/// (<see cref="TokenRates.AudioInputPerMillion"/>, <see cref="TokenRates.AudioOutputPerMillion"/>,
/// <see cref="TokenRates.ImageInputPerMillion"/>), else at the input or output rate like text. The rule applied is
/// recorded on the span (<see cref="LlmFacts.PriceModalities"/>) as <c>part=rate</c> pairs, e.g.
/// <c>audio_input=audio_rate,audio_output=output_rate</c>.
/// </summary>
/// <remarks>
/// Modality counts are parts of the input and output totals, never added to them. Cache reads and writes keep their
/// own rates whatever their modality (OpenAI's realtime models bill cached audio at the cached text rate), so the
/// modality rates apply to the uncached input: audio first, then image, each taking no more tokens than the uncached
/// input has left; the rest is priced as text. Audio output is part of the non-reasoning output the same way. A
/// breakdown that adds up to more than its total therefore never costs more than the total holds. Video tokens are
/// priced as text: no provider lists a video token rate apart from text.
/// </remarks>
public static class ModalityPricing
{
    public const string AudioInput = "audio_input";
    public const string ImageInput = "image_input";
    public const string AudioOutput = "audio_output";

    /// <summary>Priced at the modality's own rate.</summary>
    public const string AudioRate = "audio_rate";

    /// <summary>Priced at the modality's own rate.</summary>
    public const string ImageRate = "image_rate";

    /// <summary>The price lists no rate for the modality: priced as text input.</summary>
    public const string InputRate = "input_rate";

    /// <summary>The price lists no rate for the modality: priced as text output.</summary>
    public const string OutputRate = "output_rate";

    /// <summary>How many of a call's uncached input and non-reasoning output tokens each rate prices.</summary>
    /// <param name="TextInput">Uncached input tokens at the input rate (text, video, and modalities without a rate).</param>
    /// <param name="AudioInput">Uncached input tokens at the audio input rate.</param>
    /// <param name="ImageInput">Uncached input tokens at the image input rate.</param>
    /// <param name="TextOutput">Non-reasoning output tokens at the output rate.</param>
    /// <param name="AudioOutput">Output tokens at the audio output rate.</param>
    /// <param name="Rule">The rule applied, or null when the call reported no audio or image tokens.</param>
    public readonly record struct Split(long TextInput, long AudioInput, long ImageInput, long TextOutput, long AudioOutput, string? Rule);

    /// <summary>Splits <paramref name="uncachedInput"/> and <paramref name="responseOutput"/> by the rates <paramref name="rates"/> lists.</summary>
    public static Split For(LlmFacts facts, TokenRates rates, long uncachedInput, long responseOutput)
    {
        var audioIn = Math.Max(0, facts.AudioInputTokens ?? 0);
        var imageIn = Math.Max(0, facts.ImageInputTokens ?? 0);
        var audioOut = Math.Max(0, facts.AudioOutputTokens ?? 0);

        var atAudioInput = rates.AudioInputPerMillion is null ? 0 : Math.Min(audioIn, uncachedInput);
        var atImageInput = rates.ImageInputPerMillion is null ? 0 : Math.Min(imageIn, uncachedInput - atAudioInput);
        var atAudioOutput = rates.AudioOutputPerMillion is null ? 0 : Math.Min(audioOut, responseOutput);

        var rule = new List<string>(3);
        if (audioIn > 0)
        {
            rule.Add($"{AudioInput}={(rates.AudioInputPerMillion is null ? InputRate : AudioRate)}");
        }

        if (imageIn > 0)
        {
            rule.Add($"{ImageInput}={(rates.ImageInputPerMillion is null ? InputRate : ImageRate)}");
        }

        if (audioOut > 0)
        {
            rule.Add($"{AudioOutput}={(rates.AudioOutputPerMillion is null ? OutputRate : AudioRate)}");
        }

        return new Split(
            uncachedInput - atAudioInput - atImageInput, atAudioInput, atImageInput, responseOutput - atAudioOutput, atAudioOutput,
            rule.Count == 0 ? null : string.Join(',', rule));
    }
}
