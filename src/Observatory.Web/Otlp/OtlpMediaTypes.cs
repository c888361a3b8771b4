namespace Observatory.Web.Otlp;

/// <summary>The two OTLP/HTTP body encodings' media types, for requests and answers alike.</summary>
public static class OtlpMediaTypes
{
    public const string Protobuf = "application/x-protobuf";
    public const string Json = "application/json";
}
