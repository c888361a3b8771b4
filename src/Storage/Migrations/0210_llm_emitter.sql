-- Which instrumentation a span's token counts were read as (the emitter table's row id), and whether their inclusivity
-- of cache and reasoning tokens was known from that row or guessed by comparing the counts (unknown emitter).
ALTER TABLE spans
    ADD COLUMN emitter     text,
    ADD COLUMN inclusivity text;
