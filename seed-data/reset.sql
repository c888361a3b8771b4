-- Empties the product's data: ./observatory reset. Stop the silo first (./observatory up holds live
-- totals in its grains and would write them back).
--
-- Emptied: spans, traces, model_rollups (src/Storage/Migrations/0100_product_schema.sql), its hourly and daily
-- siblings (0205_coarse_rollups.sql), the trace key rows (0211_trace_keys.sql) and the
-- Orleans grain state in OrleansStorage, which mirrors them (trace totals, the model directory).
-- Kept: every table definition, the OrleansQuery rows the ADO.NET providers need, cluster membership,
-- reminders, and DbUp's schemaversions journal (so no migration runs again).
\set ON_ERROR_STOP on

BEGIN;
TRUNCATE TABLE spans, traces, trace_keys, model_rollups, model_rollups_hourly, model_rollups_daily;
DELETE FROM OrleansStorage;
COMMIT;

SELECT 'reset' AS status,
       (SELECT count(*) FROM spans) AS spans,
       (SELECT count(*) FROM traces) AS traces,
       (SELECT count(*) FROM model_rollups) AS rollup_buckets;
