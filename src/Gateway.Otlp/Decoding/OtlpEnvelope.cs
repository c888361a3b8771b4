namespace Observatory.Gateway.Otlp.Decoding;

/// <summary>
/// The OTLP/JSON names of a signal's three nesting levels (resource, scope, item). Every OTLP export request has this
/// shape, so both wire formats walk it once for all signals and name an item's fields by the same path
/// (<c>resourceLogs[0].scopeLogs[1].logRecords[3].traceId</c>).
/// </summary>
internal sealed record OtlpEnvelope(string Resources, string Scopes, string Items)
{
    public static readonly OtlpEnvelope Traces = new("resourceSpans", "scopeSpans", "spans");
    public static readonly OtlpEnvelope Logs = new("resourceLogs", "scopeLogs", "logRecords");
    public static readonly OtlpEnvelope Metrics = new("resourceMetrics", "scopeMetrics", "metrics");

    public string PathOf(int resource, int scope, int item, string field) =>
        $"{Resources}[{resource}].{Scopes}[{scope}].{Items}[{item}].{field}";
}
