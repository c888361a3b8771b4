using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Observatory.Gateway.Api.Traces;
using Observatory.Storage.Traces;

namespace Observatory.Gateway.Api.Export;

/// <summary>
/// The adapter between an export's query string and the trace list's filters: exports take exactly the filter
/// parameters of <c>GET /api/v1/traces</c> (parsed by <see cref="TraceFilterParser"/>), plus <c>format</c>. The list's
/// paging parameters (limit, cursor) are accepted and ignored: an export covers every matching trace.
/// </summary>
public static class TraceExportFilter
{
    /// <summary>Parameters that steer the export itself rather than filter traces.</summary>
    public static readonly IReadOnlyList<string> NotFilters = ["format", "limit", "cursor"];

    public static bool TryParse(IQueryCollection q, string projectId, out TraceListQuery query, out string? error)
    {
        query = new TraceListQuery { ProjectId = projectId };
        if (!TraceFilterParser.TryFromQuery(q, NotFilters, out var filter, out error))
        {
            return false;
        }

        query = query with { Filter = filter };
        return true;
    }

    /// <summary>The filter part of a query string, as a job stores it to re-parse when it runs.</summary>
    public static string ToStoredForm(IQueryCollection q) =>
        QueryString.Create(q.Where(p => !NotFilters.Contains(p.Key, StringComparer.OrdinalIgnoreCase))
            .SelectMany(p => p.Value.Select(v => KeyValuePair.Create(p.Key, v)))).ToString();

    public static IQueryCollection FromStoredForm(string stored) => new QueryCollection(QueryHelpers.ParseQuery(stored));
}
