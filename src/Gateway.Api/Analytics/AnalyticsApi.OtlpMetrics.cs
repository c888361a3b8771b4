using System.Globalization;
using Microsoft.AspNetCore.Http;
using Observatory.Core.Metrics;
using Observatory.Gateway.Api.Hosting;
using Observatory.Storage.Metrics;
using Observatory.Web;

namespace Observatory.Gateway.Api.Analytics;

public static partial class AnalyticsApi
{
    private const int MaxGroupBy = 4;
    private const int MaxFilters = 8;
    private static readonly double[] DefaultPercentiles = [50, 95, 99];

    /// <summary>
    /// <c>GET /api/v1/metrics/otlp?instrument=gen_ai.client.token.usage&amp;interval=1m|5m|1h|1d&amp;groupBy=key,…&amp;attr.&lt;key&gt;=value&amp;service&amp;percentiles=50,95,99&amp;from&amp;to</c>:
    /// one stored OTLP instrument as time series, one per group. Sums give each bin's total (stored as deltas whatever
    /// the exporter's temporality), gauges the bin's average, min and max level, histograms count, sum, average, min,
    /// max and percentiles estimated from the merged buckets.
    /// </summary>
    private static async Task<IResult> GetOtlpMetric(HttpContext context, OtlpMetricQueries queries, TimeProvider clock, CancellationToken ct)
    {
        var q = context.Request.Query;
        if (!TryParseText(q, "instrument", out var instrument, out var error) || !TryParseText(q, "service", out var service, out error) ||
            !TryParseRange(q, clock, TimeSpan.FromHours(24), out var from, out var to, out error))
        {
            return ApiError.BadRequest(error!);
        }

        if (instrument is null)
        {
            return ApiError.BadRequest("'instrument' is required: an OTLP instrument name such as gen_ai.client.token.usage (GET /api/v1/metrics/otlp/instruments lists them).");
        }

        var intervalName = q["interval"].ToString() is { Length: > 0 } i ? i : "1h";
        if (ParseInterval(intervalName) is not { } interval)
        {
            return ApiError.BadRequest($"'interval' must be one of 1m, 5m, 1h, 1d; got '{intervalName}'.");
        }

        if ((to - from) / interval > MaxBins)
        {
            return ApiError.BadRequest($"'interval' {intervalName} gives more than {MaxBins} points over this range: choose a larger interval or a shorter range.");
        }

        if (!TryParseGroupBy(q["groupBy"].ToString(), out var groupBy, out error) || !TryParseAttributeFilters(q, service, out var filters, out error) ||
            !TryParsePercentiles(q["percentiles"].ToString(), out var percentiles, out error))
        {
            return ApiError.BadRequest(error!);
        }

        var query = new OtlpMetricQuery(context.ProjectId(), [instrument], from, to, interval, filters, groupBy);
        var bins = await queries.BinsAsync(query, ct);
        Dictionary<(string, DateTime), IReadOnlyList<BucketCount>> buckets = bins.Any(b => b.Kind is "histogram" or "exponential_histogram")
            ? (await queries.BucketsAsync(query, bins, ct)).ToDictionary(b => (GroupText(b.Group), b.Time), b => b.Buckets)
            : [];
        var series = bins
            .GroupBy(b => (Group: GroupText(b.Group), b.Kind, b.Unit))
            .Select(s => new OtlpMetricSeriesDto(
                groupBy.Select((key, n) => (key, value: s.First().Group[n])).ToDictionary(g => g.key, g => g.value),
                s.Key.Kind, s.Key.Unit,
                [.. s.Select(b => OtlpMetricPointDto.From(b, buckets.GetValueOrDefault((s.Key.Group, b.Time)), percentiles))]))
            .ToList();
        return Results.Ok(new OtlpMetricDto(instrument, intervalName, groupBy, from, to, series));
    }

    /// <summary><c>GET /api/v1/metrics/otlp/instruments</c>: what the project's exporters sent that was stored.</summary>
    private static async Task<IResult> ListOtlpInstruments(HttpContext context, OtlpMetricQueries queries, CancellationToken ct) =>
        Results.Ok(new OtlpInstrumentListDto(await queries.InstrumentsAsync(context.ProjectId(), ct)));

    /// <summary>
    /// <c>GET /api/v1/metrics/otlp/models?service&amp;from&amp;to</c>: per service, provider and model, usage as the GenAI
    /// metrics report it, so an app that sends metrics and no spans still shows its models' usage. Calls, errors and
    /// latency come from <c>gen_ai.client.operation.duration</c>; each token kind from the newest token instrument
    /// family that reports it (<see cref="GenAiInstruments"/>).
    /// </summary>
    private static async Task<IResult> ListOtlpModels(HttpContext context, OtlpMetricQueries queries, TimeProvider clock, CancellationToken ct)
    {
        var q = context.Request.Query;
        if (!TryParseText(q, "service", out var service, out var error) || !TryParseRange(q, clock, TimeSpan.FromHours(24), out var from, out var to, out error))
        {
            return ApiError.BadRequest(error!);
        }

        var project = context.ProjectId();
        List<KeyValuePair<string, string>> filters = service is null ? [] : [new("service.name", service)];
        string[] model = ["service.name", OtlpMetricQueries.ProviderDimension, OtlpMetricQueries.ModelDimension];
        var usage = new Dictionary<string, OtlpModelUsage>(StringComparer.Ordinal);
        OtlpModelUsage For(IReadOnlyList<string?> group)
        {
            var key = GroupText(group.Take(3).ToList());
            return usage.TryGetValue(key, out var found) ? found : usage[key] = new OtlpModelUsage(group[0], group[1], group[2]);
        }

        // One bin covering the whole range.
        var whole = new OtlpMetricQuery(project, GenAiInstruments.TokenInstruments, from, to, to - from, filters,
            [.. model, GenAiInstruments.TokenTypeAttribute, GenAiInstruments.TokenCacheAttribute, GenAiInstruments.TokenPhaseAttribute])
        { Origin = from };
        foreach (var bin in await queries.BinsAsync(whole, ct))
        {
            var kindValue = GenAiInstruments.KindAttribute(bin.Instrument) switch
            {
                GenAiInstruments.TokenTypeAttribute => bin.Group[3],
                GenAiInstruments.TokenCacheAttribute => bin.Group[4],
                GenAiInstruments.TokenPhaseAttribute => bin.Group[5],
                _ => null,
            };
            if (GenAiInstruments.Source(bin.Instrument, kindValue) is { } source)
            {
                For(bin.Group).Add(source, bin.ValueSum ?? bin.Sum ?? 0);
            }
        }

        var durations = whole with { Instruments = [GenAiInstruments.OperationDuration], GroupBy = [.. model, "error.type"] };
        var durationBins = await queries.BinsAsync(durations, ct);
        foreach (var bin in durationBins)
        {
            For(bin.Group).AddCalls(bin.Count, bin.Group[3] is null ? 0 : bin.Count);
        }

        var latency = durations with { GroupBy = model };
        var latencyBins = await queries.BinsAsync(latency, ct);
        foreach (var buckets in await queries.BucketsAsync(latency, latencyBins, ct))
        {
            For(buckets.Group).Latency.AddRange(buckets.Buckets);
        }

        var data = usage.Values.Select(u => u.ToDto()).OrderByDescending(u => u.InputTokens + u.OutputTokens).ThenByDescending(u => u.Calls).ToList();
        return Results.Ok(new OtlpModelListDto(from, to, data));
    }

    private static TimeSpan? ParseInterval(string name) => name switch
    {
        "1m" => TimeSpan.FromMinutes(1),
        "5m" => TimeSpan.FromMinutes(5),
        "1h" => TimeSpan.FromHours(1),
        "1d" => TimeSpan.FromDays(1),
        _ => null,
    };

    private static bool TryParseGroupBy(string text, out IReadOnlyList<string> groupBy, out string? error)
    {
        groupBy = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        error = groupBy.Count > MaxGroupBy ? $"'groupBy' takes at most {MaxGroupBy} attribute keys, got {groupBy.Count}."
            : groupBy.FirstOrDefault(k => k.StartsWith('@') || k.Length > MaxTextLength || k.Any(char.IsControl)) is { } bad ? $"'groupBy' has an invalid attribute key '{bad}'."
            : null;
        return error is null;
    }

    /// <summary><c>attr.&lt;key&gt;=value</c> pairs (the series' attributes, compared as text) and <c>service</c> (the resource's service.name).</summary>
    private static bool TryParseAttributeFilters(IQueryCollection q, string? service, out IReadOnlyList<KeyValuePair<string, string>> filters, out string? error)
    {
        var list = new List<KeyValuePair<string, string>>();
        if (service is not null)
        {
            list.Add(new("service.name", service));
        }

        foreach (var (name, values) in q)
        {
            if (name.StartsWith("attr.", StringComparison.Ordinal) && name.Length > 5)
            {
                var value = values.ToString();
                if (value.Length > MaxTextLength || value.Any(char.IsControl) || name[5] == '@')
                {
                    filters = [];
                    error = $"'{name}' must be at most {MaxTextLength} printable characters.";
                    return false;
                }

                list.Add(new(name[5..], value));
            }
        }

        filters = list;
        error = list.Count > MaxFilters ? $"At most {MaxFilters} attribute filters, got {list.Count}." : null;
        return error is null;
    }

    private static bool TryParsePercentiles(string text, out double[] percentiles, out string? error)
    {
        error = null;
        if (text.Length == 0)
        {
            percentiles = DefaultPercentiles;
            return true;
        }

        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        percentiles = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out percentiles[i]) || percentiles[i] is <= 0 or > 100)
            {
                error = $"'percentiles' must be comma-separated numbers above 0 and at most 100, got '{parts[i]}'.";
                return false;
            }
        }

        if (parts.Length is 0 or > 10)
        {
            error = "'percentiles' takes 1 to 10 numbers.";
        }

        return error is null;
    }

    private static string GroupText(IReadOnlyList<string?> group) => string.Join('\u0001', group.Select(g => g ?? "\u0002"));
}
