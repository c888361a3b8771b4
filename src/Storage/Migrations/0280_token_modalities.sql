-- Per-modality token counts: the parts of input_tokens / output_tokens a provider reported per modality
-- (gen_ai.usage.{text,image,audio,video}.input_tokens, gen_ai.usage.{text,audio}.output_tokens; OpenInference
-- llm.token_count.prompt_details.audio / completion_details.audio). They are never added to the totals.
-- modality_counts_exceed_totals flags a breakdown whose parts add up to more than its total (kept as sent, never
-- inflating the totals or the cost); NULL when the span reported no modality counts. price_modalities records which
-- rate priced the audio and image tokens (e.g. 'audio_input=audio_rate,audio_output=audio_rate'), rewritten by a re-cost.
ALTER TABLE spans
    ADD COLUMN text_input_tokens             bigint,
    ADD COLUMN image_input_tokens            bigint,
    ADD COLUMN audio_input_tokens            bigint,
    ADD COLUMN video_input_tokens            bigint,
    ADD COLUMN text_output_tokens            bigint,
    ADD COLUMN audio_output_tokens           bigint,
    ADD COLUMN modality_counts_exceed_totals boolean,
    ADD COLUMN price_modalities              text;
