using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Observatory.Web.RateLimiting;

/// <summary>
/// The 429 each edge speaks: the REST API's <c>{"error":{"code":"rate_limited",...}}</c>; on OTLP/HTTP a
/// google.rpc.Status with RESOURCE_EXHAUSTED in the request's encoding (as the OTLP gateway writes its errors);
/// on gRPC a trailers-only RESOURCE_EXHAUSTED.
/// </summary>
internal static class RateLimitRejection
{
    private const int ResourceExhausted = 8;

    public static Task WriteAsync(HttpContext context, RateLimitKind kind, string message)
    {
        var response = context.Response;
        if (CallerRateLimiter.IsGrpc(context.Request))
        {
            // Trailers-only response: the status travels in the headers, as gRPC servers answer a call they refuse outright.
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/grpc";
            response.Headers["grpc-status"] = ResourceExhausted.ToString(System.Globalization.CultureInfo.InvariantCulture);
            response.Headers["grpc-message"] = Uri.EscapeDataString(message);
            return Task.CompletedTask;
        }

        response.StatusCode = StatusCodes.Status429TooManyRequests;
        if (kind == RateLimitKind.Query)
        {
            return response.WriteAsJsonAsync(new { error = new { code = "rate_limited", message } });
        }

        var protobuf = context.Request.ContentType is { } type && type.StartsWith("application/x-protobuf", StringComparison.OrdinalIgnoreCase);
        var body = protobuf ? ProtobufStatus(message) : JsonStatus(message);
        response.ContentType = protobuf ? "application/x-protobuf" : "application/json";
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body).AsTask();
    }

    private static byte[] JsonStatus(string message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("code", ResourceExhausted);
            json.WriteString("message", message);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>google.rpc.Status on the wire: field 1 (code, varint) and field 2 (message, length-delimited).</summary>
    private static byte[] ProtobufStatus(string message)
    {
        var text = Encoding.UTF8.GetBytes(message);
        var bytes = new List<byte>(text.Length + 8) { 0x08, ResourceExhausted, 0x12 };
        for (var length = (uint)text.Length; ; length >>= 7)
        {
            if (length < 0x80)
            {
                bytes.Add((byte)length);
                break;
            }

            bytes.Add((byte)((length & 0x7F) | 0x80));
        }

        bytes.AddRange(text);
        return [.. bytes];
    }
}
