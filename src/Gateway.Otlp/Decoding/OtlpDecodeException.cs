namespace Observatory.Gateway.Otlp.Decoding;

/// <summary>
/// The request is not valid OTLP. The message names the offending field by its OTLP/JSON path
/// (e.g. <c>resourceSpans[0].scopeSpans[1].spans[3].traceId: expected 32 hex characters, got 31</c>), so it can go
/// back to the exporter verbatim as a 400 / INVALID_ARGUMENT.
/// </summary>
public sealed class OtlpDecodeException(string message, Exception? inner = null) : Exception(message, inner)
{
    internal static OtlpDecodeException At(string path, string problem) =>
        new(path.Length == 0 ? problem : $"{path}: {problem}");
}
