using Microsoft.Net.Http.Headers;
using Observatory.Web.Otlp;

namespace Observatory.Gateway.Otlp.Http;

/// <summary>The two OTLP/HTTP body encodings.</summary>
internal enum OtlpBodyFormat
{
    Protobuf,
    Json,
}

/// <summary>Reads <c>Content-Type</c> and <c>Content-Encoding</c> of an OTLP/HTTP request.</summary>
internal static class OtlpContentType
{
    public const string Protobuf = OtlpMediaTypes.Protobuf;
    public const string Json = OtlpMediaTypes.Json;

    /// <summary>The body format, or a 415 naming the type received and the accepted ones.</summary>
    public static OtlpBodyFormat GetFormat(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            throw OtlpHttpException.UnsupportedMediaType($"missing Content-Type; expected {Protobuf} or {Json}");
        }

        if (MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
        {
            if (mediaType.MediaType.Equals(Protobuf, StringComparison.OrdinalIgnoreCase))
            {
                return OtlpBodyFormat.Protobuf;
            }

            if (mediaType.MediaType.Equals(Json, StringComparison.OrdinalIgnoreCase))
            {
                var charset = HeaderUtilities.RemoveQuotes(mediaType.Charset).ToString();
                if (charset.Length > 0 && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
                {
                    throw OtlpHttpException.UnsupportedMediaType($"unsupported charset '{charset}' for {Json}; expected utf-8");
                }

                return OtlpBodyFormat.Json;
            }
        }

        throw OtlpHttpException.UnsupportedMediaType($"unsupported Content-Type '{contentType}'; expected {Protobuf} or {Json}");
    }

    /// <summary>True for gzip, false for none/identity, a 415 for any other coding.</summary>
    public static bool IsGzip(string? contentEncoding)
    {
        var coding = contentEncoding?.Trim();
        if (string.IsNullOrEmpty(coding) || coding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (coding.Equals("gzip", StringComparison.OrdinalIgnoreCase) || coding.Equals("x-gzip", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        throw OtlpHttpException.UnsupportedMediaType($"unsupported Content-Encoding '{coding}'; expected gzip or identity");
    }
}
