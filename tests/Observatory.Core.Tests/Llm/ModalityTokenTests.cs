using Observatory.Core.Llm;

namespace Observatory.Core.Tests.Llm;

public class ModalityTokenTests
{
    [Fact]
    public void The_semconv_modality_counts_are_read_as_parts_of_unchanged_totals()
    {
        var span = TestSpans.With(
            ("gen_ai.provider.name", "openai"), ("gen_ai.operation.name", "chat"), ("gen_ai.request.model", "gpt-4o-audio-preview"),
            ("gen_ai.usage.input_tokens", 1200L), ("gen_ai.usage.output_tokens", 600L),
            ("gen_ai.usage.text.input_tokens", 150L), ("gen_ai.usage.image.input_tokens", 30L), ("gen_ai.usage.audio.input_tokens", 1000L),
            ("gen_ai.usage.video.input_tokens", 20L), ("gen_ai.usage.text.output_tokens", 100L), ("gen_ai.usage.audio.output_tokens", 500L));

        var facts = SpanNormalizer.Normalize(span)!;

        Assert.Equal(1200, facts.InputTokens);
        Assert.Equal(600, facts.OutputTokens);
        Assert.Equal(150, facts.TextInputTokens);
        Assert.Equal(30, facts.ImageInputTokens);
        Assert.Equal(1000, facts.AudioInputTokens);
        Assert.Equal(20, facts.VideoInputTokens);
        Assert.Equal(100, facts.TextOutputTokens);
        Assert.Equal(500, facts.AudioOutputTokens);
        Assert.False(facts.ModalityCountsExceedTotals);
        Assert.True(facts.HasModalities);
    }

    [Fact]
    public void OpenInference_audio_details_are_read()
    {
        var span = TestSpans.With(
            ("openinference.span.kind", "LLM"), ("llm.model_name", "gpt-4o-audio-preview"), ("llm.token_count.prompt", 1200L),
            ("llm.token_count.completion", 600L), ("llm.token_count.prompt_details.audio", 1000L),
            ("llm.token_count.completion_details.audio", 500L));

        var facts = SpanNormalizer.Normalize(span)!;

        Assert.Equal(1200, facts.InputTokens);
        Assert.Equal(1000, facts.AudioInputTokens);
        Assert.Equal(500, facts.AudioOutputTokens);
        Assert.Null(facts.TextInputTokens);
    }

    [Fact]
    public void The_current_name_wins_over_the_openinference_one()
    {
        var span = TestSpans.With(
            ("gen_ai.request.model", "gpt-4o-audio-preview"), ("gen_ai.usage.input_tokens", 100L), ("gen_ai.usage.output_tokens", 10L),
            ("llm.token_count.prompt_details.audio", 70L), ("gen_ai.usage.audio.input_tokens", 60L));

        Assert.Equal(60, SpanNormalizer.Normalize(span)!.AudioInputTokens);
    }

    [Theory]
    [InlineData(100L, 60L, 41L, 10L, 0L, true)] // input parts 101 > 100
    [InlineData(100L, 60L, 40L, 10L, 0L, false)] // exactly the total
    [InlineData(100L, 0L, 0L, 6L, 5L, true)] // output parts 11 > 10
    public void Parts_that_add_up_to_more_than_their_total_are_kept_and_flagged(
        long input, long text, long audio, long textOut, long audioOut, bool flagged)
    {
        var span = TestSpans.With(
            ("gen_ai.request.model", "gpt-4o-audio-preview"), ("gen_ai.usage.input_tokens", input), ("gen_ai.usage.output_tokens", 10L),
            ("gen_ai.usage.text.input_tokens", text), ("gen_ai.usage.audio.input_tokens", audio),
            ("gen_ai.usage.text.output_tokens", textOut), ("gen_ai.usage.audio.output_tokens", audioOut));

        var facts = SpanNormalizer.Normalize(span)!;

        Assert.Equal(flagged, facts.ModalityCountsExceedTotals);
        Assert.Equal(input, facts.InputTokens);
        Assert.Equal(10, facts.OutputTokens);
        Assert.Equal(audio, facts.AudioInputTokens);
    }

    [Fact]
    public void Parts_without_a_total_stay_parts_and_make_no_total()
    {
        var span = TestSpans.With(("gen_ai.request.model", "gpt-4o-audio-preview"), ("gen_ai.usage.audio.input_tokens", 300L));

        var facts = SpanNormalizer.Normalize(span)!;

        Assert.Null(facts.InputTokens);
        Assert.Equal(300, facts.AudioInputTokens);
        Assert.False(facts.ModalityCountsExceedTotals);
    }

    [Fact]
    public void A_span_without_modality_counts_has_none()
    {
        var facts = SpanNormalizer.Normalize(TestSpans.With(
            ("gen_ai.request.model", "gpt-4o"), ("gen_ai.usage.input_tokens", 10L), ("gen_ai.usage.output_tokens", 5L)))!;

        Assert.False(facts.HasModalities);
        Assert.Null(facts.AudioInputTokens);
        Assert.False(facts.ModalityCountsExceedTotals);
    }

    [Theory]
    [InlineData("n/a")]
    [InlineData(-5L)]
    [InlineData(1.5)]
    public void An_unreadable_modality_count_is_unknown(object value)
    {
        var facts = SpanNormalizer.Normalize(TestSpans.With(
            ("gen_ai.request.model", "gpt-4o"), ("gen_ai.usage.input_tokens", 10L), ("gen_ai.usage.output_tokens", 5L),
            ("gen_ai.usage.audio.input_tokens", value)))!;

        Assert.Null(facts.AudioInputTokens);
        Assert.False(facts.HasModalities);
    }

    [Fact]
    public void A_framework_span_that_repeats_its_calls_carries_no_modality_counts()
    {
        var facts = SpanNormalizer.Normalize(TestSpans.With(
            ("openinference.span.kind", "CHAIN"), ("llm.token_count.prompt", 1200L), ("llm.token_count.prompt_details.audio", 1000L)))!;

        Assert.Null(facts.AudioInputTokens);
        Assert.Null(facts.InputTokens);
    }
}
