using System.Globalization;
using System.Text.Json.Serialization;
using Observatory.Core.Metrics;
using Observatory.Storage.Metrics;

namespace Observatory.Gateway.Api.Analytics;

/// <summary><c>GET /api/v1/metrics/otlp</c>.</summary>
public sealed record OtlpMetricDto(string Instrument, string Interval, IReadOnlyList<string> GroupBy, DateTime From, DateTime To, IReadOnlyList<OtlpMetricSeriesDto> Series);

/// <summary>One group's points; <c>group</c> maps each groupBy key to its value (null when a series lacks the attribute).</summary>
public sealed record OtlpMetricSeriesDto(IReadOnlyDictionary<string, string?> Group, string Kind, string Unit, IReadOnlyList<OtlpMetricPointDto> Points);

/// <summary>
/// One bin. Sums: <c>value</c> (the bin's total). Gauges: <c>value</c> (average level), <c>min</c>, <c>max</c>.
/// Histograms: <c>count</c>, <c>sum</c>, <c>avg</c>, <c>min</c> and <c>max</c> (when the exporter sent them) and
/// <c>percentiles</c> (<c>p50</c>, <c>p95</c>, … in the instrument's unit). Absent fields do not apply.
/// </summary>
public sealed record OtlpMetricPointDto(
    DateTime Time,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Value,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Count,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Sum,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Avg,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Min,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Max,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, double?>? Percentiles)
{
    public static OtlpMetricPointDto From(OtlpMetricBin bin, IReadOnlyList<BucketCount>? buckets, double[] percentiles) => bin.Kind switch
    {
        "sum" => new(bin.Time, bin.ValueSum ?? 0, null, null, null, null, null, null),
        "gauge" => new(bin.Time, bin.ValueAvg, null, null, null, bin.ValueMin, bin.ValueMax, null),
        "summary" => new(bin.Time, null, bin.Count, bin.Sum, Average(bin), null, null, null),
        _ => new(bin.Time, null, bin.Count, bin.Sum, Average(bin), bin.Min, bin.Max,
            percentiles.ToDictionary(p => "p" + p.ToString(CultureInfo.InvariantCulture), p => buckets is null ? null : HistogramQuantiles.Quantile(buckets, p / 100))),
    };

    private static double? Average(OtlpMetricBin bin) => bin.Count > 0 && bin.Sum is { } sum ? sum / bin.Count : null;
}

/// <summary><c>GET /api/v1/metrics/otlp/instruments</c>.</summary>
public sealed record OtlpInstrumentListDto(IReadOnlyList<OtlpInstrumentRow> Data);

/// <summary><c>GET /api/v1/metrics/otlp/models</c>.</summary>
public sealed record OtlpModelListDto(DateTime From, DateTime To, IReadOnlyList<OtlpModelUsageDto> Data);

/// <summary>
/// One model's usage from metrics. Token counts are null when no instrument reported that kind; <c>calls</c> and
/// <c>errors</c> count <c>gen_ai.client.operation.duration</c> measurements (errors: those with <c>error.type</c>);
/// latency percentiles are in milliseconds.
/// </summary>
public sealed record OtlpModelUsageDto(
    string? Service, string? Provider, string? Model, long Calls, long Errors, long? InputTokens, long? OutputTokens, long? CacheReadTokens,
    long? CacheWriteTokens, long? ReasoningTokens, Models.PercentilesDto LatencyMs);

/// <summary>Accumulates one model's usage while the rows are read.</summary>
internal sealed class OtlpModelUsage(string? service, string? provider, string? model)
{
    private readonly Dictionary<TokenKind, (int Family, double Tokens)> _tokens = [];
    private long _calls;
    private long _errors;

    public List<BucketCount> Latency { get; } = [];

    public void Add(TokenSource source, double tokens)
    {
        if (!_tokens.TryGetValue(source.Kind, out var current) || source.Family < current.Family)
        {
            _tokens[source.Kind] = (source.Family, tokens);
        }
        else if (source.Family == current.Family)
        {
            _tokens[source.Kind] = (current.Family, current.Tokens + tokens);
        }
    }

    public void AddCalls(long calls, long errors) => (_calls, _errors) = (_calls + calls, _errors + errors);

    public OtlpModelUsageDto ToDto()
    {
        long? Tokens(TokenKind kind) => _tokens.TryGetValue(kind, out var t) ? (long)Math.Round(t.Tokens) : null;
        double? Ms(double q) => HistogramQuantiles.Quantile(Latency, q) * 1000;
        return new OtlpModelUsageDto(service, provider, model, _calls, _errors, Tokens(TokenKind.Input), Tokens(TokenKind.Output),
            Tokens(TokenKind.CacheRead), Tokens(TokenKind.CacheWrite), Tokens(TokenKind.Reasoning), new Models.PercentilesDto(Ms(0.5), Ms(0.95), Ms(0.99)));
    }
}
