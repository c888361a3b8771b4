using System.ComponentModel;
using System.Text.Json;

namespace Observatory.Gateway.Api.Traces;

/// <summary>
/// The JSON shape of a <c>POST /api/v1/traces/search</c> body, for the OpenAPI document. The body is read by
/// <see cref="TraceSearchBody"/>, which checks every name and value and says what is wrong in a 400.
/// </summary>
public sealed record TraceSearchRequest(
    [property: Description("The filter tree; omitted or null matches every trace.")]
    TraceFilterNode? Filter = null,
    [property: Description("Page size, 1-1000 (default 50).")]
    int? Limit = null,
    [property: Description("The nextCursor of the previous page.")]
    string? Cursor = null);

/// <summary>
/// One node of a search filter: exactly one of <c>and</c>, <c>or</c>, <c>not</c>, or a condition
/// (<c>field</c>, <c>op</c>, <c>value</c>). The fields and operators the schema lists come from the parser
/// (<see cref="OpenApi.TraceFilterSchemaTransformer"/>).
/// </summary>
public sealed record TraceFilterNode(
    [property: Description("Every child matches.")]
    IReadOnlyList<TraceFilterNode>? And = null,
    [property: Description("At least one child matches.")]
    IReadOnlyList<TraceFilterNode>? Or = null,
    [property: Description("The child does not match.")]
    TraceFilterNode? Not = null,
    string? Field = null,
    [property: Description("The comparison; which ones a field takes depends on its kind.")]
    string? Op = null,
    JsonElement? Value = null);
