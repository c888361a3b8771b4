using Npgsql;
using NpgsqlTypes;
using Observatory.Core.Llm;
using Observatory.Core.Pricing;
using Observatory.Core.Rollups;
using Observatory.Core.Spans;
using Observatory.Storage.Rollups;
using Observatory.Storage.Traces;

namespace Observatory.Storage.Pricing;

/// <summary>What a re-cost changed: spans, the cost they moved, and the traces and models they belong to.</summary>
public sealed record RecostResult(int SpansUpdated, decimal CostDeltaUsd, IReadOnlyList<string> TraceIds, IReadOnlyList<(string Provider, string Model)> Models);

/// <summary>
/// Re-prices stored LLM spans from their stored token facts; the one place span costs are rewritten. The same
/// transaction moves their trace summaries and model rollups along, so every total stays the sum of its spans.
/// </summary>
public sealed class RecostQueries(NpgsqlDataSource dataSource)
{
    /// <summary>Re-prices the calls to <paramref name="model"/> that started in [from, to), at their own start time.</summary>
    public async Task<RecostResult> RecostSpansAsync(
        string projectId, string? provider, string model, DateTime from, DateTime to, IPriceLookup prices, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var changes = new List<(string TraceId, string SpanId, LlmFacts Priced, decimal Delta, string Provider, string Model)>();
        var rollupDeltas = new List<(RollupSeries Series, long MinuteStart, decimal Delta)>();
        await using (var select = new NpgsqlCommand(
            """
            SELECT trace_id, span_id, provider, operation, request_model, response_model, input_tokens, output_tokens,
                   cache_read_tokens, cache_write_tokens, reasoning_tokens, supplied_cost_usd, cost_usd, start_unix_nano, service_name,
                   text_input_tokens, image_input_tokens, audio_input_tokens, video_input_tokens, text_output_tokens, audio_output_tokens
            FROM spans
            WHERE project_id = @p AND is_llm AND coalesce(response_model, request_model) = @model
              AND (@provider::text IS NULL OR provider = @provider) AND start_time >= @from AND start_time < @to
            FOR UPDATE
            """, connection, tx))
        {
            select.Parameters.AddWithValue("p", projectId);
            select.Parameters.AddWithValue("model", model);
            select.Parameters.AddWithValue("provider", NpgsqlDbType.Text, (object?)provider ?? DBNull.Value);
            select.Parameters.AddWithValue("from", NpgsqlDbType.TimestampTz, from);
            select.Parameters.AddWithValue("to", NpgsqlDbType.TimestampTz, to);
            await using var reader = await select.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var facts = new LlmFacts
                {
                    Provider = Text(reader, 2),
                    Operation = Text(reader, 3),
                    RequestModel = Text(reader, 4),
                    ResponseModel = Text(reader, 5),
                    InputTokens = Int(reader, 6),
                    OutputTokens = Int(reader, 7),
                    CacheReadInputTokens = Int(reader, 8),
                    CacheCreationInputTokens = Int(reader, 9),
                    ReasoningOutputTokens = Int(reader, 10),
                    SuppliedCostUsd = reader.IsDBNull(11) ? null : reader.GetDecimal(11),
                    TextInputTokens = Int(reader, 15),
                    ImageInputTokens = Int(reader, 16),
                    AudioInputTokens = Int(reader, 17),
                    VideoInputTokens = Int(reader, 18),
                    TextOutputTokens = Int(reader, 19),
                    AudioOutputTokens = Int(reader, 20),
                };
                var old = reader.IsDBNull(12) ? 0m : reader.GetDecimal(12);
                var priced = CostCalculator.Apply(facts, prices, UnixNano.ToDateTimeOffset(reader.GetInt64(13)));
                var delta = (priced.CostUsd ?? 0m) - old;
                changes.Add((reader.GetString(0), reader.GetString(1), priced, delta, facts.Provider ?? "", facts.Model ?? ""));
                if (facts.IsModelCall && delta != 0m)
                {
                    var start = reader.GetInt64(13);
                    rollupDeltas.Add((new RollupSeries(projectId, facts.Provider ?? "", facts.Model ?? "", reader.GetString(14)), RollupResolution.Minute.StartOf(start), delta));
                }
            }
        }

        if (changes.Count > 0)
        {
            // What priced each span (and why a cost stays unknown) is rewritten with the cost: the audit fields always
            // describe the cost stored beside them.
            await using var update = new NpgsqlCommand(
                """
                UPDATE spans s SET computed_cost_usd = u.computed, cost_usd = u.effective, price_entry = u.entry,
                    price_catalog_version = u.catalog_version, price_tier_above = u.tier_above, cost_unknown_reason = u.reason,
                    price_modalities = u.modalities
                FROM unnest(@traces, @spans, @computed, @effective, @entries, @versions, @tiers, @reasons, @modalities)
                    AS u(trace_id, span_id, computed, effective, entry, catalog_version, tier_above, reason, modalities)
                WHERE s.project_id = @p AND s.trace_id = u.trace_id AND s.span_id = u.span_id
                """, connection, tx);
            update.Parameters.AddWithValue("p", projectId);
            update.Parameters.AddWithValue("traces", changes.Select(c => c.TraceId).ToArray());
            update.Parameters.AddWithValue("spans", changes.Select(c => c.SpanId).ToArray());
            update.Parameters.AddWithValue("computed", NpgsqlDbType.Array | NpgsqlDbType.Numeric, changes.Select(c => (object?)c.Priced.ComputedCostUsd ?? DBNull.Value).ToArray());
            update.Parameters.AddWithValue("effective", NpgsqlDbType.Array | NpgsqlDbType.Numeric, changes.Select(c => (object?)c.Priced.CostUsd ?? DBNull.Value).ToArray());
            update.Parameters.AddWithValue("entries", NpgsqlDbType.Array | NpgsqlDbType.Text, changes.Select(c => (object?)c.Priced.PriceEntry ?? DBNull.Value).ToArray());
            update.Parameters.AddWithValue("versions", NpgsqlDbType.Array | NpgsqlDbType.Text, changes.Select(c => (object?)c.Priced.PriceCatalogVersion ?? DBNull.Value).ToArray());
            update.Parameters.AddWithValue("tiers", NpgsqlDbType.Array | NpgsqlDbType.Bigint, changes.Select(c => (object?)c.Priced.PriceTierAboveInputTokens ?? DBNull.Value).ToArray());
            update.Parameters.AddWithValue("reasons", NpgsqlDbType.Array | NpgsqlDbType.Text, changes.Select(c => (object?)c.Priced.CostUnknownReason ?? DBNull.Value).ToArray());
            update.Parameters.AddWithValue("modalities", NpgsqlDbType.Array | NpgsqlDbType.Text, changes.Select(c => (object?)c.Priced.PriceModalities ?? DBNull.Value).ToArray());
            await update.ExecuteNonQueryAsync(ct);
        }

        // Spans first, then trace rows, then rollup series: the order ingest takes its locks in.
        await TraceSummaryLedger.RebuildAsync(connection, tx, changes.Select(c => (projectId, c.TraceId)).Distinct().ToList(), ct);
        await RollupLedger.AddCostAsync(connection, tx, rollupDeltas, ct);
        await tx.CommitAsync(ct);
        return new RecostResult(
            changes.Count,
            changes.Sum(c => c.Delta),
            changes.Select(c => c.TraceId).Distinct().ToList(),
            changes.Select(c => (c.Provider, c.Model)).Distinct().ToList());
    }

    private static string? Text(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static long? Int(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt64(i);
}
