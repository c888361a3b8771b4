using Npgsql;
using NpgsqlTypes;
using Observatory.Core.Spans;

namespace Observatory.Storage.Analytics;

/// <summary>A dimension analytics can group, filter or attribute by.</summary>
public enum AnalyticsDimension
{
    Model,
    Provider,
    Service,
    User,
    Session,
    Operation,
}

/// <summary>Equality filters of a metrics query; null means "any".</summary>
public sealed record MetricFilters(string? Model = null, string? Provider = null, string? Service = null, string? User = null, string? Session = null, string? Operation = null)
{
    /// <summary>User, session and operation are not part of <c>model_rollups</c>: filtering on them reads spans.</summary>
    public bool NeedsSpans => User is not null || Session is not null || Operation is not null;
}

/// <summary>A time series request: [From, To) in bins of <see cref="Interval"/> aligned to the Unix epoch (UTC).</summary>
public sealed record MetricSeriesQuery(string ProjectId, DateTime From, DateTime To, TimeSpan Interval, AnalyticsDimension? GroupBy, MetricFilters Filters)
{
    /// <summary>
    /// True when the pre-aggregated per-minute <c>model_rollups</c> can answer (group and filters on model, provider or
    /// service only); otherwise the LLM calls are read from <c>spans</c>, joined to their trace for user and session.
    /// </summary>
    public bool ReadsRollups =>
        (GroupBy is null or AnalyticsDimension.Model or AnalyticsDimension.Provider or AnalyticsDimension.Service) && !Filters.NeedsSpans;
}

/// <summary>Counters of one group in one time bin; <see cref="Group"/> is null when ungrouped or the value is unknown.</summary>
public sealed record CounterPoint(string? Group, DateTime Time, long Requests, long Errors, TokenCounts Tokens, decimal CostUsd);

/// <summary>
/// The five token kinds summed over calls (unknown usage counts 0). As the conventions report them, input includes the
/// cache reads and writes and output includes the reasoning: the kinds overlap, they do not add up to a total.
/// </summary>
public sealed record TokenCounts(long Input, long Output, long CacheRead, long CacheWrite, long Reasoning);

/// <summary>Cost, calls and tokens attributed to one key (a model, user, ...); the key is null for calls without one.</summary>
public sealed record AttributionRow(string? Key, decimal CostUsd, long Requests, long InputTokens, long OutputTokens);

/// <summary>Attribution rows plus the total cost of every key in the range (not only the rows returned).</summary>
public sealed record Attribution(IReadOnlyList<AttributionRow> Rows, decimal TotalCostUsd);

/// <summary>SQL shared by the analytics queries: which spans are model calls, and the columns per dimension.</summary>
internal static class AnalyticsSql
{
    /// <summary>
    /// <c>LlmFacts.CountsAsModelCall</c>'s rule in SQL (it decides the same thing at ingest for rollups and trace totals):
    /// no operation, or a model-call operation, or an unknown one with a model; never an agent, workflow or tool span.
    /// </summary>
    private static readonly string[] NonCallOperations = [.. Core.Llm.LlmFacts.NonModelCallOperations];

    private static readonly string[] CallOperations = [.. Core.Llm.LlmFacts.ModelCallOperations];

    public static readonly DateTime Epoch = DateTime.UnixEpoch;

    /// <summary>The condition for "s is a model call" (alias <c>s</c> for spans); adds its parameters.</summary>
    public static string ModelCall(NpgsqlCommand cmd)
    {
        cmd.Parameters.AddWithValue("nonCallOperations", NonCallOperations);
        cmd.Parameters.AddWithValue("callOperations", CallOperations);
        return $"""
            s.is_llm AND (s.operation IS NULL OR (NOT (s.operation = ANY(@nonCallOperations))
                AND left(s.operation, {Core.Llm.LlmFacts.InvokeOperationPrefix.Length}) <> '{Core.Llm.LlmFacts.InvokeOperationPrefix}'
                AND (s.operation = ANY(@callOperations) OR coalesce(s.response_model, s.request_model) IS NOT NULL)))
            """;
    }

    /// <summary>Column of a dimension in <c>model_rollups</c>; null when the rollups do not have it.</summary>
    public static string? RollupColumn(AnalyticsDimension dimension) => dimension switch
    {
        AnalyticsDimension.Model => "model",
        AnalyticsDimension.Provider => "provider",
        AnalyticsDimension.Service => "service_name",
        _ => null,
    };

    /// <summary>Expression of a dimension over spans <c>s</c> joined to traces <c>tr</c>: a call belongs to its trace's user and session.</summary>
    public static string SpanColumn(AnalyticsDimension dimension) => dimension switch
    {
        AnalyticsDimension.Model => "coalesce(s.response_model, s.request_model)",
        AnalyticsDimension.Provider => "s.provider",
        AnalyticsDimension.Service => "s.service_name",
        AnalyticsDimension.User => "tr.user_id",
        AnalyticsDimension.Session => "tr.session_id",
        AnalyticsDimension.Operation => "s.operation",
        _ => throw new ArgumentOutOfRangeException(nameof(dimension)),
    };

    public static void AddRange(NpgsqlCommand cmd, string projectId, DateTime from, DateTime to)
    {
        cmd.Parameters.AddWithValue("project", projectId);
        cmd.Parameters.AddWithValue("from", NpgsqlDbType.TimestampTz, from);
        cmd.Parameters.AddWithValue("to", NpgsqlDbType.TimestampTz, to);
    }

    /// <summary>Rollups store '' for an unknown provider or model; the API says null.</summary>
    public static string? GroupValue(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) || reader.GetString(ordinal).Length == 0 ? null : reader.GetString(ordinal);

    public static short ErrorStatus => (short)SpanStatusCode.Error;
}
