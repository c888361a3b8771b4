using Npgsql;
using NpgsqlTypes;
using Observatory.Core.Budgets;
using Observatory.Storage.Analytics;

namespace Observatory.Storage.Budgets;

/// <summary>
/// The part budgets' and alerts' snapshots share: the stored model calls of a scope that started from a minute on,
/// grouped by minute of call start, with the keys of those stored since a moment (see
/// <see cref="Core.Ingest.SnapshotReconciler{TSample}"/>). The live path applies the same rules.
/// </summary>
internal static class ScopedCallsSql
{
    public const long NanosPerMinute = 60_000_000_000;

    /// <summary>The minute column, first in the select list.</summary>
    public const string Minute = "s.start_unix_nano / 60000000000";

    /// <summary>The recent keys column: "trace span" of the calls stored since @since, or null.</summary>
    public const string RecentKeys = "array_agg(s.trace_id || ' ' || s.span_id) FILTER (WHERE s.ingested_at >= @since)";

    /// <summary>The FROM, WHERE and GROUP BY of the statement; adds their parameters to <paramref name="cmd"/>.</summary>
    public static string FromWhereGroupByMinute(NpgsqlCommand cmd, string projectId, BudgetScope scope, long fromMinute, DateTimeOffset recentSince)
    {
        var modelCall = AnalyticsSql.ModelCall(cmd);
        cmd.Parameters.AddWithValue("p", projectId);
        // start_time is the index's column (microseconds); start_unix_nano decides, as the live path's minute does.
        cmd.Parameters.AddWithValue("fromTime", NpgsqlDbType.TimestampTz, BudgetMinutes.Start(fromMinute).UtcDateTime.AddSeconds(-1));
        cmd.Parameters.AddWithValue("fromNano", fromMinute * NanosPerMinute);
        cmd.Parameters.AddWithValue("since", NpgsqlDbType.TimestampTz, recentSince.UtcDateTime);
        BudgetSpendQuery.AddScope(cmd, scope);
        return
            $"""
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
    }

    /// <summary>Adds the keys of the recent keys column at <paramref name="ordinal"/> to <paramref name="recent"/>.</summary>
    public static void ReadRecentKeys(NpgsqlDataReader reader, int ordinal, List<(string TraceId, string SpanId)> recent)
    {
        if (reader.IsDBNull(ordinal))
        {
            return;
        }

        foreach (var key in reader.GetFieldValue<string[]>(ordinal))
        {
            var space = key.IndexOf(' ', StringComparison.Ordinal);
            recent.Add((key[..space], key[(space + 1)..]));
        }
    }
}
