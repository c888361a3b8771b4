using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Observatory.Web.Otlp;

/// <summary>
/// The one writer of OTLP/HTTP error answers: a google.rpc.Status (code, message) as the OTLP/HTTP specification
/// asks, in protobuf for a protobuf request and in its JSON form otherwise. The OTLP gateway answers its 400/413/415/503
/// with it and the rate limiter its 429, which comes before the gateway has looked at the request, so the encoding
/// follows the request's Content-Type alone.
/// </summary>
public static class OtlpErrorResponse
{
    // Messages name what the caller sent (types, paths); escaping quotes or '+' would only make them harder to read.
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Task WriteAsync(HttpContext context, int httpStatus, int rpcCode, string message)
    {
        var protobuf = IsProtobuf(context.Request.ContentType);
        var body = protobuf ? ProtobufStatus(rpcCode, message) : JsonStatus(rpcCode, message);
        var response = context.Response;
        response.StatusCode = httpStatus;
        response.ContentType = protobuf ? OtlpMediaTypes.Protobuf : OtlpMediaTypes.Json;
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body).AsTask();
    }

    /// <summary>
    /// True when the request's media type is <c>application/x-protobuf</c>. Anything else (JSON, a type the gateway
    /// refuses with 415, none) is answered in JSON, the encoding a client without protobuf can still read.
    /// </summary>
    public static bool IsProtobuf(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var mediaType) &&
        mediaType.MediaType.Equals(OtlpMediaTypes.Protobuf, StringComparison.OrdinalIgnoreCase);

    /// <summary>google.rpc.Status on the wire: field 1 code (varint), field 2 message (UTF-8); proto3 leaves out defaults.</summary>
    public static byte[] ProtobufStatus(int rpcCode, string message)
    {
        var size = (rpcCode != 0 ? CodedOutputStream.ComputeTagSize(1) + CodedOutputStream.ComputeInt32Size(rpcCode) : 0) +
                   (message.Length > 0 ? CodedOutputStream.ComputeTagSize(2) + CodedOutputStream.ComputeStringSize(message) : 0);
        var bytes = new byte[size];
        var output = new CodedOutputStream(bytes);
        if (rpcCode != 0)
        {
            output.WriteTag(1, WireFormat.WireType.Varint);
            output.WriteInt32(rpcCode);
        }

        if (message.Length > 0)
        {
            output.WriteTag(2, WireFormat.WireType.LengthDelimited);
            output.WriteString(message);
        }

        output.CheckNoSpaceLeft();
        return bytes;
    }

    /// <summary>google.rpc.Status in protobuf JSON form: <c>{"code":3,"message":"..."}</c>.</summary>
    public static byte[] JsonStatus(int rpcCode, string message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartObject();
            json.WriteNumber("code", rpcCode);
            json.WriteString("message", message);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
