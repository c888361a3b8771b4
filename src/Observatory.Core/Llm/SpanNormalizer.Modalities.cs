namespace Observatory.Core.Llm;

/// <summary>The per-modality token counts: parts of the input and output totals, read as sent and checked against them.</summary>
public static partial class SpanNormalizer
{
    private static readonly int[] TextInputSlots = KnownAttributes.SlotsOf(FactPrecedence.TextInputTokens);
    private static readonly int[] ImageInputSlots = KnownAttributes.SlotsOf(FactPrecedence.ImageInputTokens);
    private static readonly int[] AudioInputSlots = KnownAttributes.SlotsOf(FactPrecedence.AudioInputTokens);
    private static readonly int[] VideoInputSlots = KnownAttributes.SlotsOf(FactPrecedence.VideoInputTokens);
    private static readonly int[] TextOutputSlots = KnownAttributes.SlotsOf(FactPrecedence.TextOutputTokens);
    private static readonly int[] AudioOutputSlots = KnownAttributes.SlotsOf(FactPrecedence.AudioOutputTokens);

    /// <summary>
    /// The facts with the modality parts the span sent (gen_ai.usage.{text,image,audio,video}.input_tokens,
    /// {text,audio}.output_tokens; OpenInference llm.token_count.prompt_details.audio / completion_details.audio).
    /// The conventions define each as a subset of its total, so they are never added to it; parts that add up to more
    /// than the total are kept as sent and flagged (<see cref="LlmFacts.ModalityCountsExceedTotals"/>).
    /// </summary>
    private static LlmFacts WithModalities(KnownAttributes known, LlmFacts facts)
    {
        var textInput = First(known, TextInputSlots, LooseValues.ReadCount);
        var imageInput = First(known, ImageInputSlots, LooseValues.ReadCount);
        var audioInput = First(known, AudioInputSlots, LooseValues.ReadCount);
        var videoInput = First(known, VideoInputSlots, LooseValues.ReadCount);
        var textOutput = First(known, TextOutputSlots, LooseValues.ReadCount);
        var audioOutput = First(known, AudioOutputSlots, LooseValues.ReadCount);
        if (textInput is null && imageInput is null && audioInput is null && videoInput is null && textOutput is null && audioOutput is null)
        {
            return facts;
        }

        return facts with
        {
            TextInputTokens = textInput,
            ImageInputTokens = imageInput,
            AudioInputTokens = audioInput,
            VideoInputTokens = videoInput,
            TextOutputTokens = textOutput,
            AudioOutputTokens = audioOutput,
            ModalityCountsExceedTotals = ModalityPartsExceed(facts.InputTokens, textInput, imageInput, audioInput, videoInput)
                || ModalityPartsExceed(facts.OutputTokens, textOutput, audioOutput),
        };
    }

    // Counts are at most FactLimits.MaxTokens each, so their sum cannot overflow. An unknown total is not exceeded.
    private static bool ModalityPartsExceed(long? total, params ReadOnlySpan<long?> parts)
    {
        if (total is not { } t)
        {
            return false;
        }

        long sum = 0;
        foreach (var part in parts)
        {
            sum += part ?? 0;
        }

        return sum > t;
    }
}
