using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Observatory.Gateway.Api.Hosting;
using Observatory.Storage.Traces;

namespace Observatory.Gateway.Api.Traces;

/// <summary>The body of <c>POST /api/v1/traces/search</c>: <c>{"filter": node, "limit": n, "cursor": "…"}</c>, all optional.</summary>
public sealed record TraceSearchBody(TraceFilter? Filter, int Limit, TraceCursor? Cursor)
{
    /// <summary>A search body is a small filter tree; anything bigger is a mistake or an attack.</summary>
    public const int MaxBytes = 64 * 1024;

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64 };

    /// <summary>The body, or the error response for a body that is not a valid search (400, 413); the endpoint's <c>AcceptsJsonBody</c> answers a non-JSON body with 415.</summary>
    public static async Task<(TraceSearchBody? Body, IResult? Problem)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBytes)
        {
            return (null, TooLarge());
        }

        // Read at most one byte more than allowed, asynchronously (Kestrel forbids synchronous reads).
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBytes)
            {
                return (null, TooLarge());
            }
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.ToArray(), Options);
        }
        catch (JsonException ex)
        {
            return (null, ApiError.BadRequest($"The body is not valid JSON: {ex.Message}"));
        }

        using (document)
        {
            var body = Parse(document.RootElement, out var error);
            return body is null ? (null, ApiError.BadRequest(error!)) : (body, null);
        }
    }

    private static TraceSearchBody? Parse(JsonElement root, out string? error)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            error = "The body must be a JSON object: {\"filter\": …, \"limit\": n, \"cursor\": \"…\"}.";
            return null;
        }

        TraceFilter? filter = null;
        var limit = 50;
        TraceCursor? cursor = null;
        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name)
            {
                case "filter" when property.Value.ValueKind == JsonValueKind.Null:
                    break;
                case "filter":
                    if (!TraceFilterParser.TryFromJson(property.Value, "filter", out filter, out error))
                    {
                        return null;
                    }

                    break;
                case "limit":
                    if (property.Value.ValueKind != JsonValueKind.Number || !property.Value.TryGetInt32(out limit) ||
                        limit < 1 || limit > TracesApi.MaxLimit)
                    {
                        error = $"'limit' must be an integer between 1 and {TracesApi.MaxLimit}, got {Shorten(property.Value.GetRawText())}.";
                        return null;
                    }

                    break;
                case "cursor" when property.Value.ValueKind == JsonValueKind.Null:
                    break;
                case "cursor":
                    if (property.Value.ValueKind != JsonValueKind.String ||
                        StringOrNull(property.Value) is not string cursorText ||
                        !TracesApi.TryParseCursor(cursorText, out cursor, out error))
                    {
                        error = "'cursor' is not a cursor this API returned.";
                        return null;
                    }

                    break;
                default:
                    error = $"'{Shorten(property.Name)}' is not a property of a search; it has \"filter\", \"limit\" and \"cursor\".";
                    return null;
            }
        }

        error = null;
        return new TraceSearchBody(filter, limit, cursor);
    }

    /// <summary>The string, or null when it holds an unpaired surrogate escape .NET cannot decode.</summary>
    private static string? StringOrNull(JsonElement element)
    {
        try
        {
            return element.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";

    private static IResult TooLarge() => Results.Json(
        new ApiError(new ApiErrorBody("payload_too_large", $"The search body is larger than {MaxBytes} bytes.")),
        statusCode: StatusCodes.Status413PayloadTooLarge);
}
