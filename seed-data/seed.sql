-- Demo data for a local database: ./observatory seed (after ./observatory up or ./observatory migrate).
--
-- Five traces with their spans, and an hour of per-minute model rollups (`./observatory seed` then folds them
-- into the hourly and daily ones with the silo's rebuild-rollups command), all in project 'default' and
-- timed relative to now() so they show up in "last hour" views. Every demo row has a service name
-- starting with 'demo-': running this file again replaces them (with fresh timestamps) and touches
-- nothing else. Costs are list prices per million tokens (gpt-4o $2.50 in / $10 out, gpt-4o-mini
-- $0.15 / $0.60, claude-3-5-sonnet $3 / $15, text-embedding-3-small $0.02); a call whose usage is
-- unknown (the streaming Gemini call) has NULL tokens and NULL cost, not 0.
--
-- Written against src/Storage/Migrations/0100_product_schema.sql (tables spans, traces, model_rollups).
\set ON_ERROR_STOP on

BEGIN;

DELETE FROM spans         WHERE project_id = 'default' AND service_name LIKE 'demo-%';
DELETE FROM traces        WHERE project_id = 'default' AND service_name LIKE 'demo-%';
DELETE FROM model_rollups WHERE project_id = 'default' AND service_name LIKE 'demo-%';
DELETE FROM model_rollups_hourly WHERE project_id = 'default' AND service_name LIKE 'demo-%';
DELETE FROM model_rollups_daily WHERE project_id = 'default' AND service_name LIKE 'demo-%';

-- ---------------------------------------------------------------------------------------------
-- spans: (trace, span, parent, name, kind, service, start offset from the trace start, duration,
--         status, LLM facts, attributes, events); kind 1 INTERNAL, 2 SERVER, 3 CLIENT;
--         status 0 UNSET, 1 OK, 2 ERROR.
-- ---------------------------------------------------------------------------------------------
CREATE TEMP TABLE demo_spans ON COMMIT DROP AS
SELECT * FROM (VALUES
  -- 1. support bot answers with gpt-4o after a knowledge-base lookup
  ('de000000000000000000000000000001', 'de00000000000101', NULL, 'POST /chat', 2, 'demo-support-bot',
   interval '50 minutes', interval '0 ms', interval '3200 ms', 1::smallint, NULL, NULL, 'user-4821', 'sess-7f3a91',
   false, NULL, NULL, NULL, NULL, NULL::bigint, NULL::bigint, NULL::numeric, NULL::text[],
   '{"http.request.method": "POST", "http.route": "/chat", "http.response.status_code": 200}', '[]'),
  ('de000000000000000000000000000001', 'de00000000000102', 'de00000000000101', 'execute_tool search_knowledge_base', 1, 'demo-support-bot',
   interval '50 minutes', interval '40 ms', interval '210 ms', 0::smallint, NULL, NULL, 'user-4821', 'sess-7f3a91',
   false, NULL, 'execute_tool', NULL, NULL, NULL, NULL, NULL, NULL,
   '{"gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "search_knowledge_base"}', '[]'),
  ('de000000000000000000000000000001', 'de00000000000103', 'de00000000000101', 'chat gpt-4o', 3, 'demo-support-bot',
   interval '50 minutes', interval '300 ms', interval '2800 ms', 0::smallint, NULL, NULL, 'user-4821', 'sess-7f3a91',
   true, 'openai', 'chat', 'gpt-4o', 'gpt-4o-2024-08-06', 1200, 350, 0.0065, ARRAY['stop'],
   '{"gen_ai.provider.name": "openai", "gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4o", "gen_ai.response.model": "gpt-4o-2024-08-06", "gen_ai.usage.input_tokens": 1200, "gen_ai.usage.output_tokens": 350}', '[]'),

  -- 2. support bot answers with Claude (older gen_ai.system / prompt_tokens names)
  ('de000000000000000000000000000002', 'de00000000000201', NULL, 'POST /chat', 2, 'demo-support-bot',
   interval '35 minutes', interval '0 ms', interval '2900 ms', 1::smallint, NULL, NULL, 'user-1177', 'sess-02bc44',
   false, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
   '{"http.request.method": "POST", "http.route": "/chat", "http.response.status_code": 200}', '[]'),
  ('de000000000000000000000000000002', 'de00000000000202', 'de00000000000201', 'chat claude-3-5-sonnet-20241022', 3, 'demo-support-bot',
   interval '35 minutes', interval '100 ms', interval '2700 ms', 0::smallint, NULL, NULL, 'user-1177', 'sess-02bc44',
   true, 'anthropic', 'chat', 'claude-3-5-sonnet-20241022', 'claude-3-5-sonnet-20241022', 900, 420, 0.009, ARRAY['end_turn'],
   '{"gen_ai.system": "anthropic", "gen_ai.operation.name": "chat", "gen_ai.request.model": "claude-3-5-sonnet-20241022", "gen_ai.usage.prompt_tokens": 900, "gen_ai.usage.completion_tokens": 420}', '[]'),

  -- 3. Claude is rate limited; the bot falls back to gpt-4o-mini (one failed call, trace still answered)
  ('de000000000000000000000000000003', 'de00000000000301', NULL, 'POST /chat', 2, 'demo-support-bot',
   interval '20 minutes', interval '0 ms', interval '1900 ms', 1::smallint, NULL, NULL, 'user-4821', 'sess-7f3a91',
   false, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
   '{"http.request.method": "POST", "http.route": "/chat", "http.response.status_code": 200}', '[]'),
  ('de000000000000000000000000000003', 'de00000000000302', 'de00000000000301', 'chat claude-3-5-sonnet-20241022', 3, 'demo-support-bot',
   interval '20 minutes', interval '50 ms', interval '420 ms', 2::smallint, 'Error code: 429 - rate_limit_error', 'RateLimitError', 'user-4821', 'sess-7f3a91',
   true, 'anthropic', 'chat', 'claude-3-5-sonnet-20241022', NULL, NULL, NULL, NULL, NULL,
   '{"gen_ai.system": "anthropic", "gen_ai.operation.name": "chat", "gen_ai.request.model": "claude-3-5-sonnet-20241022", "error.type": "RateLimitError"}',
   '[{"name": "exception", "timeUnixNano": 0, "attributes": {"exception.type": "anthropic.RateLimitError", "exception.message": "Error code: 429 - rate_limit_error"}}]'),
  ('de000000000000000000000000000003', 'de00000000000303', 'de00000000000301', 'chat gpt-4o-mini', 3, 'demo-support-bot',
   interval '20 minutes', interval '500 ms', interval '1350 ms', 0::smallint, NULL, NULL, 'user-4821', 'sess-7f3a91',
   true, 'openai', 'chat', 'gpt-4o-mini', 'gpt-4o-mini-2024-07-18', 1500, 300, 0.000405, ARRAY['stop'],
   '{"gen_ai.provider.name": "openai", "gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4o-mini", "gen_ai.response.model": "gpt-4o-mini-2024-07-18", "gen_ai.usage.input_tokens": 1500, "gen_ai.usage.output_tokens": 300}', '[]'),

  -- 4. RAG search: an embedding call, then a short gpt-4o-mini answer
  ('de000000000000000000000000000004', 'de00000000000401', NULL, 'GET /search', 2, 'demo-rag-search',
   interval '12 minutes', interval '0 ms', interval '900 ms', 1::smallint, NULL, NULL, 'user-3090', NULL,
   false, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
   '{"http.request.method": "GET", "http.route": "/search", "http.response.status_code": 200}', '[]'),
  ('de000000000000000000000000000004', 'de00000000000402', 'de00000000000401', 'embeddings text-embedding-3-small', 3, 'demo-rag-search',
   interval '12 minutes', interval '10 ms', interval '60 ms', 0::smallint, NULL, NULL, 'user-3090', NULL,
   true, 'openai', 'embeddings', 'text-embedding-3-small', 'text-embedding-3-small', 64, NULL, 0.00000128, NULL,
   '{"gen_ai.provider.name": "openai", "gen_ai.operation.name": "embeddings", "gen_ai.request.model": "text-embedding-3-small", "gen_ai.usage.input_tokens": 64}', '[]'),
  ('de000000000000000000000000000004', 'de00000000000403', 'de00000000000401', 'chat gpt-4o-mini', 3, 'demo-rag-search',
   interval '12 minutes', interval '100 ms', interval '750 ms', 0::smallint, NULL, NULL, 'user-3090', NULL,
   true, 'openai', 'chat', 'gpt-4o-mini', 'gpt-4o-mini-2024-07-18', 2100, 180, 0.000423, ARRAY['stop'],
   '{"gen_ai.provider.name": "openai", "gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4o-mini", "gen_ai.usage.input_tokens": 2100, "gen_ai.usage.output_tokens": 180}', '[]'),

  -- 5. a streaming Gemini summary whose instrumentation sent no usage: tokens and cost unknown
  ('de000000000000000000000000000005', 'de00000000000501', NULL, 'POST /summarize', 2, 'demo-rag-search',
   interval '5 minutes', interval '0 ms', interval '4300 ms', 1::smallint, NULL, NULL, 'user-3090', NULL,
   false, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
   '{"http.request.method": "POST", "http.route": "/summarize", "http.response.status_code": 200}', '[]'),
  ('de000000000000000000000000000005', 'de00000000000502', 'de00000000000501', 'generate_content gemini-1.5-pro', 3, 'demo-rag-search',
   interval '5 minutes', interval '80 ms', interval '4100 ms', 0::smallint, NULL, NULL, 'user-3090', NULL,
   true, 'gcp.gemini', 'generate_content', 'gemini-1.5-pro', NULL, NULL, NULL, NULL, ARRAY['STOP'],
   '{"gen_ai.provider.name": "gcp.gemini", "gen_ai.operation.name": "generate_content", "gen_ai.request.model": "gemini-1.5-pro"}', '[]')
) AS v(trace_id, span_id, parent_span_id, name, kind, service_name,
       trace_age, start_offset, duration, status, status_message, error_type, user_id, session_id,
       is_llm, provider, operation, request_model, response_model, input_tokens, output_tokens, cost_usd, finish_reasons,
       attributes, events);

-- Each trace starts at a whole millisecond, trace_age before now.
CREATE TEMP TABLE demo_trace_start ON COMMIT DROP AS
SELECT DISTINCT trace_id, date_trunc('milliseconds', now() - trace_age) AS trace_start FROM demo_spans;

INSERT INTO spans (project_id, trace_id, span_id, parent_span_id, name, kind, service_name,
                   start_time, end_time, start_unix_nano, end_unix_nano, status, status_message, error_type,
                   user_id, session_id, is_llm, provider, operation, request_model, response_model,
                   input_tokens, output_tokens, cost_usd, finish_reasons, attributes, resource_attributes, events)
SELECT 'default', s.trace_id, s.span_id, s.parent_span_id, s.name, s.kind, s.service_name,
       t.trace_start + s.start_offset,
       t.trace_start + s.start_offset + s.duration,
       (extract(epoch FROM t.trace_start + s.start_offset) * 1000)::bigint * 1000000,
       (extract(epoch FROM t.trace_start + s.start_offset + s.duration) * 1000)::bigint * 1000000,
       s.status, s.status_message, s.error_type, s.user_id, s.session_id,
       s.is_llm, s.provider, s.operation, s.request_model, s.response_model,
       s.input_tokens, s.output_tokens, s.cost_usd, s.finish_reasons,
       s.attributes::jsonb,
       jsonb_build_object('service.name', s.service_name, 'service.version', '1.4.2',
                          'deployment.environment.name', 'demo', 'telemetry.sdk.language', 'python'),
       -- the exception event happens when its span ends
       CASE WHEN s.events = '[]' THEN '[]'::jsonb
            ELSE jsonb_set(s.events::jsonb, '{0,timeUnixNano}',
                   to_jsonb((extract(epoch FROM t.trace_start + s.start_offset + s.duration) * 1000)::bigint * 1000000))
       END
FROM demo_spans s JOIN demo_trace_start t USING (trace_id);

-- ---------------------------------------------------------------------------------------------
-- traces: the summary TraceGrain would have written for the spans above
-- ---------------------------------------------------------------------------------------------
INSERT INTO traces (project_id, trace_id, service_name, root_span_name, has_root, start_time, end_time, duration_ms,
                    span_count, llm_call_count, error_count, input_tokens, output_tokens, cost_usd, models,
                    user_id, session_id)
SELECT 'default', trace_id,
       min(service_name),
       max(name) FILTER (WHERE parent_span_id IS NULL),
       bool_or(parent_span_id IS NULL),
       min(start_time), max(end_time),
       extract(epoch FROM max(end_time) - min(start_time)) * 1000,
       count(*)::int,
       count(*) FILTER (WHERE is_llm)::int,
       count(*) FILTER (WHERE status = 2)::int,
       coalesce(sum(input_tokens), 0),
       coalesce(sum(output_tokens), 0),
       coalesce(sum(cost_usd), 0),
       coalesce(array_agg(DISTINCT coalesce(response_model, request_model))
                  FILTER (WHERE is_llm AND coalesce(response_model, request_model) IS NOT NULL), '{}'),
       max(user_id), max(session_id)
FROM spans
WHERE project_id = 'default' AND service_name LIKE 'demo-%'
GROUP BY trace_id;

-- trace_keys: one row per trace at its summary's start time (0211_trace_keys.sql), as the span writer keeps them
INSERT INTO trace_keys (project_id, trace_id, start_time)
SELECT project_id, trace_id, start_time FROM traces WHERE project_id = 'default' AND service_name LIKE 'demo-%'
ON CONFLICT (project_id, trace_id) DO UPDATE SET start_time = excluded.start_time;

-- ---------------------------------------------------------------------------------------------
-- model_rollups: one bucket every 5 minutes over the last hour for four models. Each bucket holds
-- three calls; latency_sketch is the stored DDSketch (format version 1, see
-- src/Observatory.Core/Sketches/SketchBinaryFormat.cs) of those three latencies in ms.
-- ---------------------------------------------------------------------------------------------
INSERT INTO model_rollups (project_id, provider, model, service_name, bucket_start, request_count, error_count,
                           calls_without_usage, input_tokens, output_tokens, cost_usd, latency_sketch)
SELECT 'default', m.provider, m.model, m.service_name,
       date_trunc('minute', now()) - make_interval(mins => 5 * b.i),
       3,
       CASE WHEN m.model LIKE 'claude%' AND b.i % 4 = 1 THEN 1 ELSE 0 END,
       CASE WHEN m.in_per_call IS NULL THEN 3 ELSE 0 END,
       coalesce(3 * m.in_per_call + 40 * b.i, 0),
       coalesce(3 * m.out_per_call + 10 * b.i, 0),
       coalesce((3 * m.in_per_call + 40 * b.i) * m.in_price + (3 * m.out_per_call + 10 * b.i) * m.out_price, 0) / 1000000,
       decode(m.sketch_hex, 'hex')
FROM (VALUES
  -- provider, model, service, input / output tokens per call, USD per million in / out, sketch (900, 1400, 2300 ms) ...
  ('openai',     'gpt-4o-2024-08-06',          'demo-support-bot', 1200, 350, 2.50, 10.00, '010003aa050115011801'),
  ('openai',     'gpt-4o-mini-2024-07-18',     'demo-rag-search',  1800, 240, 0.15,  0.60, '010003ca040113011501'),
  ('anthropic',  'claude-3-5-sonnet-20241022', 'demo-support-bot',  900, 420, 3.00, 15.00, '010003be050114011501'),
  ('gcp.gemini', 'gemini-1.5-pro',             'demo-rag-search',  NULL, NULL, NULL, NULL, '01000390060115011501')
) AS m(provider, model, service_name, in_per_call, out_per_call, in_price, out_price, sketch_hex)
CROSS JOIN generate_series(0, 11) AS b(i);

COMMIT;

SELECT 'seeded' AS status,
       (SELECT count(*) FROM traces WHERE service_name LIKE 'demo-%') AS traces,
       (SELECT count(*) FROM spans WHERE service_name LIKE 'demo-%') AS spans,
       (SELECT count(*) FROM model_rollups WHERE service_name LIKE 'demo-%') AS rollup_buckets;
