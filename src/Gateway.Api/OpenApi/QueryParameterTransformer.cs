using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Observatory.Gateway.Api.Traces;

namespace Observatory.Gateway.Api.OpenApi;

/// <summary>
/// Documents the query parameters of endpoints that read them from the query string by hand (which the generator
/// cannot see): the trace filters for every endpoint that takes them, and the few other parameters per route.
/// Route parameters (<c>{traceId}</c>) and bodies come from the endpoints themselves.
/// </summary>
public sealed class QueryParameterTransformer : IOpenApiOperationTransformer
{
    private static readonly (string Name, string Description)[] TimeRange =
    [
        ("from", "Start of the time range, ISO-8601 (inclusive)."),
        ("to", "End of the time range, ISO-8601 (exclusive)."),
    ];

    private static readonly (string Name, string Description)[] Paging =
    [
        ("limit", "Page size (1–1000, default 50)."),
        ("cursor", "The nextCursor of the previous page."),
    ];

    private static readonly Dictionary<string, string> TraceFilterHelp = new(StringComparer.Ordinal)
    {
        ["service"] = "Service name (equals).",
        ["model"] = "A model the trace called (equals).",
        ["provider"] = "A provider the trace called (equals).",
        ["operation"] = "An LLM operation in the trace (chat, embeddings, …).",
        ["user"] = "User id (equals).",
        ["session"] = "Session id (equals).",
        ["status"] = "ok or error.",
        ["from"] = "Traces that started at or after this ISO-8601 time.",
        ["to"] = "Traces that started before this ISO-8601 time.",
        ["q"] = "Full-text search over prompts and completions (web-search syntax).",
        ["minDuration"] = "Minimum duration in ms.",
        ["maxDuration"] = "Maximum duration in ms.",
        ["minCost"] = "Minimum cost in USD.",
        ["maxCost"] = "Maximum cost in USD.",
        ["minTokens"] = "Minimum total tokens.",
        ["maxTokens"] = "Maximum total tokens.",
    };

    private static readonly (string Name, string Description)[] ExportFormat =
    [
        ("format", "csv (default), jsonl or parquet."),
    ];

    /// <summary>Parameters per "METHOD path" (the path as routed, without the leading slash).</summary>
    private static readonly Dictionary<string, (string Name, string Description)[]> ByRoute = new(StringComparer.Ordinal)
    {
        ["GET api/v1/traces"] = [.. Paging, .. TraceFilters()],
        ["GET api/v1/export/traces"] = [.. ExportFormat, .. TraceFilters()],
        ["POST api/v1/exports"] = [.. ExportFormat, .. TraceFilters()],
        ["GET api/v1/models"] = [("service", "Only calls of this service."), .. TimeRange],
        ["GET api/v1/metrics"] =
        [
            ("metric", "requests, errors, tokens (with input, output, cacheRead, cacheWrite and reasoning per point), cost, latency or ttft."), ("interval", "1m, 5m, 1h or 1d."),
            ("groupBy", "model, provider, service, user, session or operation."), .. TimeRange,
        ],
        ["GET api/v1/metrics/otlp"] =
        [
            ("instrument", "Required: the OTLP instrument, e.g. gen_ai.client.token.usage (see /api/v1/metrics/otlp/instruments)."), ("interval", "1m, 5m, 1h or 1d."),
            ("groupBy", "Comma-separated attribute keys (service.name for the resource's service), at most 4."),
            ("attr.<key>", "Series attribute equality, compared as text: attr.gen_ai.request.model=gpt-4o."), ("service", "The resource's service.name."),
            ("percentiles", "Histogram percentiles to estimate from the buckets, comma-separated (default 50,95,99)."), .. TimeRange,
        ],
        ["GET api/v1/metrics/otlp/models"] = [("service", "Only this service (the resource's service.name)."), .. TimeRange],
        ["GET api/v1/costs/summary"] = TimeRange,
        ["GET api/v1/costs/attribution"] = [("dimension", "user, session, service, model or provider."), .. TimeRange],
        ["GET api/v1/costs/forecast"] = TimeRange,
        ["GET api/v1/sessions"] = TimeRange,
        ["GET api/v1/users"] = TimeRange,
        ["GET api/v1/models/compare"] = [("models", "Comma-separated model names."), .. TimeRange],
        ["GET api/v1/diagnostics/coverage"] = [("service", "Only this service (the resource's service.name)."), .. TimeRange],
        ["GET api/v1/live/traces"] = [.. TraceFilters()],
        ["GET api/v1/live/models"] = [("service", "Only calls of this service."), ("provider", "Only this provider."), ("model", "Only this model.")],
        ["GET api/v1/agents"] = [("service", "Only agent runs of this service (the resource's service.name)."), .. TimeRange],
        ["GET api/v1/tools"] = [("service", "Only tool and MCP spans of this service (the resource's service.name)."), .. TimeRange],
        ["GET api/v1/scores"] =
        [
            ("groupBy", "name (default), model, service, agent or day: each group is one score name and one such value."),
            ("name", "Only scores of this name."), ("model", "Only scores of calls of this model."), ("service", "Only scores of this service's spans."),
            ("agent", "Only scores of spans with this gen_ai.agent.name."), .. TimeRange,
        ],
    };

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        // A group's own route ("/scores" + "") ends in a slash here but not in the document.
        var key = $"{context.Description.HttpMethod} {context.Description.RelativePath?.TrimEnd('/')}";
        if (!ByRoute.TryGetValue(key, out var parameters))
        {
            return Task.CompletedTask;
        }

        operation.Parameters ??= [];
        foreach (var (name, description) in parameters)
        {
            if (operation.Parameters.Any(p => p.Name == name && p.In == ParameterLocation.Query))
            {
                continue;
            }

            operation.Parameters.Add(new OpenApiParameter
            {
                Name = name,
                In = ParameterLocation.Query,
                Description = description,
                Required = false,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }

        return Task.CompletedTask;
    }

    private static IEnumerable<(string Name, string Description)> TraceFilters() =>
        TraceFilterParser.QueryParameterNames
            .Select(n => (n, TraceFilterHelp.GetValueOrDefault(n, "Trace filter.")))
            .Append(("attr.<key>", "Span attribute equality: attr.gen_ai.request.temperature=0 (any span of the trace)."));
}
