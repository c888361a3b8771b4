using Microsoft.AspNetCore.Http;
using Observatory.Core.Projects;

namespace Observatory.Web;

/// <summary>
/// The project a request may see. Authentication puts the project of the caller's key here; with Auth:Mode=none
/// every request belongs to <see cref="ProjectIds.Default"/>. Every query, grain key and cache key must use it.
/// </summary>
public static class CallerProject
{
    private const string ItemKey = "observatory.project";

    public static string ProjectId(this HttpContext context) =>
        context.Items.TryGetValue(ItemKey, out var project) && project is string id ? id : ProjectIds.Default;

    public static void SetProjectId(this HttpContext context, string projectId) => context.Items[ItemKey] = projectId;

    /// <summary>The id of the API key that authenticated the request (its public prefix); null without one.</summary>
    public static string? KeyId(this HttpContext context) => context.Items.TryGetValue(KeyItemKey, out var key) ? key as string : null;

    public static void SetKeyId(this HttpContext context, string keyId) => context.Items[KeyItemKey] = keyId;

    private const string KeyItemKey = "observatory.key";
    private const string RoleItemKey = "observatory.role";

    /// <summary>The role of the caller's key; with Auth:Mode=none the single local user may do everything.</summary>
    public static Core.Projects.ApiKeyRole Role(this HttpContext context) =>
        context.Items.TryGetValue(RoleItemKey, out var role) && role is Core.Projects.ApiKeyRole r ? r : Core.Projects.ApiKeyRole.Admin;

    public static void SetRole(this HttpContext context, Core.Projects.ApiKeyRole role) => context.Items[RoleItemKey] = role;
}
