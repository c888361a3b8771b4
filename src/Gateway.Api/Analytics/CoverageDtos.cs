using Observatory.Storage.Analytics;

namespace Observatory.Gateway.Api.Analytics;

/// <summary>
/// <c>GET /api/v1/diagnostics/coverage</c>: over the model calls that started in [from, to), the whole project's
/// coverage (<see cref="Total"/>) and each service and dialect's (<see cref="Groups"/>, most calls first).
/// </summary>
public sealed record CoverageDto(DateTime From, DateTime To, string? Service, CoverageGroupDto Total, IReadOnlyList<CoverageGroupDto> Groups);

/// <summary>
/// One service and dialect (both null in the total): model calls, how many of them named a model, reported token
/// counts (input or output) and have a cost (<see cref="SuppliedCost"/> of them supplied by the client), the same as
/// shares of the calls (0 to 1; null without calls), and why the others have no cost, most common first.
/// </summary>
public sealed record CoverageGroupDto(
    string? Service, string? Dialect, long ModelCalls, long WithModel, long WithTokens, long WithCost, long SuppliedCost,
    double? WithModelShare, double? WithTokensShare, double? WithCostShare, IReadOnlyList<UnknownCostReasonDto> UnknownCostReasons)
{
    public static CoverageGroupDto From(CoverageRow row, IEnumerable<CoverageReasonRow> reasons) => Create(
        row.Service, row.Dialect, row.ModelCalls, row.WithModel, row.WithTokens, row.WithCost, row.SuppliedCost,
        reasons.Select(r => new UnknownCostReasonDto(r.Reason, r.Calls, [.. r.Examples.Select(e => new CallRefDto(e.TraceId, e.SpanId))])));

    /// <summary>The whole project: the groups summed, each reason's calls summed and its first examples kept.</summary>
    public static CoverageGroupDto TotalOf(IReadOnlyList<CoverageGroupDto> groups) => Create(
        null, null, groups.Sum(g => g.ModelCalls), groups.Sum(g => g.WithModel), groups.Sum(g => g.WithTokens),
        groups.Sum(g => g.WithCost), groups.Sum(g => g.SuppliedCost),
        groups.SelectMany(g => g.UnknownCostReasons)
            .GroupBy(r => r.Reason)
            .Select(r => new UnknownCostReasonDto(r.Key, r.Sum(x => x.Calls), [.. r.SelectMany(x => x.Examples).Take(CoverageQueries.ExamplesPerReason)])));

    private static CoverageGroupDto Create(
        string? service, string? dialect, long calls, long withModel, long withTokens, long withCost, long supplied,
        IEnumerable<UnknownCostReasonDto> reasons) => new(
        service, dialect, calls, withModel, withTokens, withCost, supplied,
        Share(withModel, calls), Share(withTokens, calls), Share(withCost, calls),
        [.. reasons.OrderByDescending(r => r.Calls).ThenBy(r => r.Reason, StringComparer.Ordinal)]);

    private static double? Share(long part, long whole) => whole == 0 ? null : Math.Round((double)part / whole, 4);
}

/// <summary>
/// A reason a model call's cost is unknown, as decided at ingest: no_model, deployment_name (an Azure deployment or
/// Bedrock ARN, not a model id), unpriced_model, no_usage, no_input_tokens, no_output_tokens, invalid_usage,
/// cost_out_of_range; not_recorded for spans stored before reasons were kept. <see cref="Examples"/>: up to 3 calls, latest first.
/// </summary>
public sealed record UnknownCostReasonDto(string Reason, long Calls, IReadOnlyList<CallRefDto> Examples);

/// <summary>A call to look at: <c>GET /api/v1/traces/{traceId}</c> shows it, its <c>llm.pricing</c> included.</summary>
public sealed record CallRefDto(string TraceId, string SpanId);
