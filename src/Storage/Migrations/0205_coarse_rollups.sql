-- Hourly and daily model rollups beside the per-minute ones, so a 30-day question reads a few hundred buckets per model
-- instead of tens of thousands. ModelGrain writes all three in one batch (absolute values), so the hour and the day
-- always equal the sum of their minutes; existing minutes are folded into them by the code script that follows
-- (sketches merge in C# only).
CREATE TABLE model_rollups_hourly (LIKE model_rollups INCLUDING ALL);
CREATE TABLE model_rollups_daily (LIKE model_rollups INCLUDING ALL);
