-- Auditable cost: what priced a span (the catalog entry, the price list version or 'custom', the long-prompt tier by
-- its threshold) and, when a model call's cost is unknown, why (CostUnknownReason: no_model, deployment_name,
-- unpriced_model, no_usage, no_input_tokens, no_output_tokens, invalid_usage, cost_out_of_range). Decided once at
-- ingest (and again by a re-cost), so GET /api/v1/diagnostics/coverage is a grouped count. Spans stored before this
-- migration keep NULLs; the coverage endpoint reports their unknown costs as 'not_recorded'.
ALTER TABLE spans
    ADD COLUMN price_entry           text,
    ADD COLUMN price_catalog_version text,
    ADD COLUMN price_tier_above      bigint,
    ADD COLUMN cost_unknown_reason   text;
