using System.IO.Compression;
using System.Net.Http.Headers;
using RpcStatus = Observatory.Gateway.Otlp.Proto.Rpc.Status;

namespace Observatory.Gateway.Otlp.Tests.Endpoints;

/// <summary>OTLP/HTTP request bodies and error answers, shared by the traces and logs endpoint tests.</summary>
public static class OtlpHttpContent
{
    public const string Protobuf = "application/x-protobuf";
    public const string Json = "application/json";

    public static ByteArrayContent Body(byte[] bytes, string contentType, string? contentEncoding = null)
    {
        var content = new ByteArrayContent(contentEncoding?.Equals("gzip", StringComparison.OrdinalIgnoreCase) == true ? Gzip(bytes) : bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (contentEncoding is not null)
        {
            content.Headers.ContentEncoding.Add(contentEncoding);
        }

        return content;
    }

    public static byte[] Gzip(byte[] bytes)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal))
        {
            gzip.Write(bytes);
        }

        return compressed.ToArray();
    }

    public static async Task<RpcStatus> ProtobufStatusAsync(HttpResponseMessage response)
    {
        Assert.Equal(Protobuf, response.Content.Headers.ContentType?.MediaType);
        return RpcStatus.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
    }

    /// <summary>Makes HttpClient send the body chunked, without a Content-Length.</summary>
    public sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
