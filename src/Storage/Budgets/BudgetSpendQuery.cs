using Npgsql;
using NpgsqlTypes;
using Observatory.Core.Budgets;
using Observatory.Storage.Analytics;

namespace Observatory.Storage.Budgets;

/// <summary>A budget's spend read from the stored spans: per minute of call start, and the spans stored recently.</summary>
/// <param name="Minutes">Cost, tokens and calls per Unix minute of call start.</param>
/// <param name="RecentKeys">(trace id, span id) of the counted spans stored since the time asked for.</param>
public sealed record StoredSpend(IReadOnlyDictionary<long, SpendTotals> Minutes, IReadOnlyList<(string TraceId, string SpanId)> RecentKeys);

/// <summary>
/// Reads a budget's spend from <c>spans</c>, the source of truth, with the same rules the live path applies
/// (<see cref="BudgetSpan"/>, <see cref="BudgetScope.Matches"/>): model calls only, unknown cost and tokens as 0.
/// One statement, so totals and recent keys come from one snapshot (see <see cref="BudgetSpend"/>).
/// </summary>
public sealed class BudgetSpendQuery(NpgsqlDataSource dataSource)
{
    private const long NanosPerMinute = 60_000_000_000;

    /// <summary>The spend of calls that started from <paramref name="fromMinute"/> on (later minutes included).</summary>
    public async Task<StoredSpend> ReadAsync(string projectId, BudgetScope scope, long fromMinute, DateTimeOffset recentSince, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand();
        var modelCall = AnalyticsSql.ModelCall(cmd);
        cmd.CommandText =
            $"""
            SELECT s.start_unix_nano / {NanosPerMinute} AS minute, coalesce(sum(s.cost_usd), 0),
                   coalesce(sum(coalesce(s.input_tokens, 0) + coalesce(s.output_tokens, 0)), 0), count(*),
                   array_agg(s.trace_id || ' ' || s.span_id) FILTER (WHERE s.ingested_at >= @since)
            FROM spans s
            WHERE s.project_id = @p AND s.start_time >= @fromTime AND s.start_unix_nano >= @fromNano AND {modelCall}
              AND (@service::text IS NULL OR s.service_name = @service)
              AND (@provider::text IS NULL OR s.provider = @provider)
              AND (@model::text IS NULL OR s.request_model = @model OR s.response_model = @model)
              AND (@user::text IS NULL OR s.user_id = @user)
              AND (@session::text IS NULL OR s.session_id = @session)
              AND (@akey::text IS NULL OR coalesce(s.attributes ->> @akey, s.resource_attributes ->> @akey) = @aval)
            GROUP BY 1
            """;
        cmd.Parameters.AddWithValue("p", projectId);
        // start_time is the index's column (microseconds); start_unix_nano decides, as the live path's minute does.
        cmd.Parameters.AddWithValue("fromTime", NpgsqlDbType.TimestampTz, BudgetMinutes.Start(fromMinute).UtcDateTime.AddSeconds(-1));
        cmd.Parameters.AddWithValue("fromNano", fromMinute * NanosPerMinute);
        cmd.Parameters.AddWithValue("since", NpgsqlDbType.TimestampTz, recentSince.UtcDateTime);
        AddScope(cmd, scope);
        var minutes = new Dictionary<long, SpendTotals>();
        var recent = new List<(string, string)>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            minutes[reader.GetInt64(0)] = new SpendTotals(reader.GetDecimal(1), reader.GetInt64(2), reader.GetInt64(3));
            if (!reader.IsDBNull(4))
            {
                foreach (var key in reader.GetFieldValue<string[]>(4))
                {
                    var space = key.IndexOf(' ', StringComparison.Ordinal);
                    recent.Add((key[..space], key[(space + 1)..]));
                }
            }
        }

        return new StoredSpend(minutes, recent);
    }

    /// <summary>The scope's parameters, shared with <see cref="BudgetStore"/>'s columns.</summary>
    internal static void AddScope(NpgsqlCommand cmd, BudgetScope scope)
    {
        cmd.Parameters.AddWithValue("service", NpgsqlDbType.Text, (object?)scope.Service ?? DBNull.Value);
        cmd.Parameters.AddWithValue("provider", NpgsqlDbType.Text, (object?)scope.Provider ?? DBNull.Value);
        cmd.Parameters.AddWithValue("model", NpgsqlDbType.Text, (object?)scope.Model ?? DBNull.Value);
        cmd.Parameters.AddWithValue("user", NpgsqlDbType.Text, (object?)scope.UserId ?? DBNull.Value);
        cmd.Parameters.AddWithValue("session", NpgsqlDbType.Text, (object?)scope.SessionId ?? DBNull.Value);
        cmd.Parameters.AddWithValue("akey", NpgsqlDbType.Text, (object?)scope.AttributeKey ?? DBNull.Value);
        cmd.Parameters.AddWithValue("aval", NpgsqlDbType.Text, (object?)scope.AttributeValue ?? DBNull.Value);
    }
}
