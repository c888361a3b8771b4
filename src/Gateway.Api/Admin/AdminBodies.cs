using System.ComponentModel;

namespace Observatory.Gateway.Api.Admin;

// Members are nullable so that a missing one reaches the endpoint, which answers a 400 naming it; a default value
// marks a member optional in the OpenAPI schema, no default marks it required.

/// <summary>The body of <c>POST /api/v1/admin/projects</c>.</summary>
public sealed record ProjectBody(
    [property: Description("1-64 characters of a-z, 0-9, '-' or '_'.")]
    string? ProjectId,
    [property: Description("Display name; the project id when omitted.")]
    string? Name = null);

/// <summary>The body of <c>POST /api/v1/admin/projects/{projectId}/keys</c>.</summary>
public sealed record KeyBody(
    [property: Description("viewer, developer or admin.")]
    string? Role,
    [property: Description("ingest, query or both.")]
    string? Kind,
    [property: Description("A label for people. The key's secret is in the answer, and only there.")]
    string? Name = null);
