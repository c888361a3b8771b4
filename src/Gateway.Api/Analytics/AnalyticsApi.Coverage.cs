using Microsoft.AspNetCore.Http;
using Observatory.Gateway.Api.Hosting;
using Observatory.Storage.Analytics;
using Observatory.Web;

namespace Observatory.Gateway.Api.Analytics;

public static partial class AnalyticsApi
{
    /// <summary>
    /// <c>GET /api/v1/diagnostics/coverage?from&amp;to&amp;service</c> (default: the last 24 hours, every service): per
    /// service and dialect, the share of model calls with a model, with token counts and with a cost, and why the
    /// others have none, each reason with example calls. Answers "why is this cost 0 / missing?" for a whole project.
    /// </summary>
    private static async Task<IResult> GetCoverage(HttpContext context, CoverageQueries queries, TimeProvider clock, CancellationToken ct)
    {
        var q = context.Request.Query;
        if (!TryParseText(q, "service", out var service, out var error) || !TryParseRange(q, clock, TimeSpan.FromHours(24), out var from, out var to, out error))
        {
            return ApiError.BadRequest(error!);
        }

        var project = context.ProjectId();
        var rows = await queries.CoverageAsync(project, from, to, service, ct);
        var reasons = (await queries.UnknownReasonsAsync(project, from, to, service, ct)).ToLookup(r => (r.Service, r.Dialect));
        var groups = rows.Select(row => CoverageGroupDto.From(row, reasons[(row.Service, row.Dialect)])).ToList();
        return Results.Ok(new CoverageDto(from, to, service, CoverageGroupDto.TotalOf(groups), groups));
    }
}
