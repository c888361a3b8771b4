using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Observatory.Core.Projects;

namespace Observatory.Web.Auth;

/// <summary>
/// <c>.RequireIngestOrAdminKey()</c> on an endpoint: writes that apps make with the key they export with (any key that
/// may ingest, whatever its role) and people make with an admin key, such as posting a score. Other query keys get a 403
/// that says so. With Auth:Mode=none there is no key and the local user may.
/// </summary>
public static class IngestOrAdmin
{
    private const string KindItemKey = "observatory.key-kind";

    /// <summary>The kind of the caller's key; null without one (Auth:Mode=none).</summary>
    public static ApiKeyKind? KeyKind(this HttpContext context) =>
        context.Items.TryGetValue(KindItemKey, out var kind) && kind is ApiKeyKind k ? k : null;

    public static void SetKeyKind(this HttpContext context, ApiKeyKind kind) => context.Items[KindItemKey] = kind;

    public static RouteHandlerBuilder RequireIngestOrAdminKey(this RouteHandlerBuilder builder) =>
        builder.AllowIngestKeys().AddEndpointFilter(async (invocation, next) =>
        {
            var context = invocation.HttpContext;
            var kind = context.KeyKind();
            return kind is null or ApiKeyKind.Ingest or ApiKeyKind.Both || context.Role() == ApiKeyRole.Admin
                ? await next(invocation)
                : Results.Json(
                    new { error = new { code = "forbidden", message = "This endpoint needs an ingest key or an admin key; yours is a query key without the admin role." } },
                    statusCode: StatusCodes.Status403Forbidden);
        });
}
