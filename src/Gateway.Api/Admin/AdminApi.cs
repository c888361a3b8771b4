using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Observatory.Core.Projects;
using Observatory.Gateway.Api.Hosting;
using Observatory.Gateway.Api.OpenApi;
using Observatory.Storage.Projects;
using Observatory.Web;
using Observatory.Web.Auth;
using Observatory.Web.QueryCache;

namespace Observatory.Gateway.Api.Admin;

/// <summary>
/// Projects and API keys. An admin key manages its own project's keys; admin keys of the bootstrap project
/// (<see cref="ProjectIds.Default"/>) are operators: they also create projects and manage every project's keys.
/// </summary>
public static partial class AdminApi
{
    public static RouteGroupBuilder MapAdminApi(this RouteGroupBuilder api)
    {
        // Never cached: key lists, and the operator's list of every project, are computed for each caller afresh.
        var admin = api.MapGroup("/admin").RequireRole(ApiKeyRole.Admin).WithoutQueryCache();
        admin.MapGet("/projects", ListProjects);
        // Bodies are read by hand (a malformed one gets a 400 that names the field); AcceptsJsonBody describes them.
        admin.MapPost("/projects", CreateProject).AcceptsJsonBody<ProjectBody>();
        admin.MapGet("/projects/{projectId}/keys", ListKeys);
        admin.MapPost("/projects/{projectId}/keys", CreateKey).AcceptsJsonBody<KeyBody>();
        admin.MapDelete("/projects/{projectId}/keys/{keyId}", RevokeKey);
        return api;
    }

    private static bool IsOperator(HttpContext context) => context.ProjectId() == ProjectIds.Default;

    private static bool MayManage(HttpContext context, string projectId) => IsOperator(context) || context.ProjectId() == projectId;

    private static async Task<IResult> ListProjects(HttpContext context, ProjectStore store, CancellationToken ct)
    {
        var projects = await store.ListProjectsAsync(ct);
        return Results.Ok(new { data = IsOperator(context) ? projects : projects.Where(p => p.ProjectId == context.ProjectId()).ToList() });
    }

    private static async Task<IResult> CreateProject(HttpContext context, ProjectStore store, CancellationToken ct)
    {
        if (!IsOperator(context))
        {
            return Results.Json(new ApiError(new ApiErrorBody("forbidden", "Only admin keys of the 'default' project may create projects.")), statusCode: 403);
        }

        var body = await ReadAsync<ProjectBody>(context);
        if (body?.ProjectId is not { } id || !ProjectIdPattern().IsMatch(id))
        {
            return ApiError.BadRequest("'projectId' must be 1-64 characters of a-z, 0-9, '-' or '_'.");
        }

        return await store.CreateProjectAsync(id, body.Name ?? id, ct)
            ? Results.Created($"/api/v1/admin/projects/{id}", new { projectId = id, name = body.Name ?? id })
            : Results.Json(new ApiError(new ApiErrorBody("conflict", $"Project '{id}' exists.")), statusCode: 409);
    }

    private static async Task<IResult> ListKeys(string projectId, HttpContext context, ProjectStore store, CancellationToken ct)
    {
        if (!MayManage(context, projectId))
        {
            return ApiError.NotFound($"No project '{projectId}'.");
        }

        var keys = await store.ListKeysAsync(projectId, ct);
        return Results.Ok(new { data = keys.Select(KeyDto.From).ToList() });
    }

    private static async Task<IResult> CreateKey(string projectId, HttpContext context, ProjectStore store, CancellationToken ct)
    {
        if (!MayManage(context, projectId) || !await store.ProjectExistsAsync(projectId, ct))
        {
            return ApiError.NotFound($"No project '{projectId}'.");
        }

        var body = await ReadAsync<KeyBody>(context);
        if (body is null || !Enum.TryParse<ApiKeyRole>(body.Role, ignoreCase: true, out var role) || !Enum.IsDefined(role))
        {
            return ApiError.BadRequest("'role' must be 'viewer', 'developer' or 'admin'.");
        }

        if (!Enum.TryParse<ApiKeyKind>(body.Kind, ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
        {
            return ApiError.BadRequest("'kind' must be 'ingest', 'query' or 'both'.");
        }

        var (secret, record) = await store.CreateKeyAsync(projectId, role, kind, body.Name ?? "", ct);
        // The only time the secret is shown: it is stored as a hash.
        return Results.Created($"/api/v1/admin/projects/{projectId}/keys/{record.KeyId}", new { key = secret, info = KeyDto.From(record) });
    }

    private static async Task<IResult> RevokeKey(string projectId, string keyId, HttpContext context, ProjectStore store, CancellationToken ct)
    {
        if (!MayManage(context, projectId) || !await store.RevokeKeyAsync(projectId, keyId, ct))
        {
            return ApiError.NotFound($"No key '{keyId}' in project '{projectId}'.");
        }

        return Results.NoContent();
    }

    private static async Task<T?> ReadAsync<T>(HttpContext context)
        where T : class
    {
        try
        {
            return await context.Request.ReadFromJsonAsync<T>(JsonSerializerOptions.Web);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    [GeneratedRegex("^[a-z0-9_-]{1,64}$")]
    private static partial Regex ProjectIdPattern();
}

/// <summary>A key as listed: its public id and what it may do, never its secret or hash.</summary>
public sealed record KeyDto(string KeyId, string ProjectId, string Name, string Role, string Kind, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    public static KeyDto From(ApiKeyRecord k) => new(
        k.KeyId, k.ProjectId, k.Name, k.Role.ToString().ToLowerInvariant(), k.Kind.ToString().ToLowerInvariant(), k.CreatedAt, k.RevokedAt);
}
