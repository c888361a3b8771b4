using System.Globalization;
using System.Text.RegularExpressions;

namespace Observatory.Dashboards.Tests.Grafana;

/// <summary>
/// What Grafana does to a panel's SQL before PostgreSQL sees it, in Grafana's order: the frontend interpolates
/// variables (<c>$__interval</c>, <c>$__from</c>, dashboard template variables), then the PostgreSQL data source
/// backend expands its macros (<c>$__timeFilter(col)</c>, <c>$__timeGroupAlias(col, '1m')</c>, …) as its macro engine
/// documents them. Our data source is provisioned with <c>timescaledb: false</c>, so <c>$__timeGroup</c> is the
/// portable <c>floor(extract(epoch …))</c> form that runs on plain PostgreSQL and on TimescaleDB alike.
/// </summary>
public sealed partial class GrafanaSqlMacros(DateTime from, DateTime to, TimeSpan interval, IReadOnlyDictionary<string, VariableValue> variables)
{
    public DateTime From { get; } = from;
    public DateTime To { get; } = to;

    public string Expand(string sql) => ExpandMacros(InterpolateVariables(sql));

    /// <summary>
    /// Grafana's SQL data sources format a variable like this: a single value of a variable that is neither multi-value
    /// nor has "All" goes in raw with quotes doubled (the SQL writes <c>'$project'</c>); otherwise every value is quoted
    /// and the list joined with commas (the SQL writes <c>IN ($model)</c>). Unknown names stay as they are.
    /// </summary>
    public string InterpolateVariables(string sql) => VariableReference().Replace(sql, match =>
    {
        var name = match.Groups["plain"].Success ? match.Groups["plain"].Value
            : match.Groups["braced"].Success ? match.Groups["braced"].Value
            : match.Groups["bracketed"].Value;
        if (BuiltIn(name) is { } builtIn)
        {
            return builtIn;
        }

        if (!variables.TryGetValue(name, out var value))
        {
            return match.Value;
        }

        return value.QuotedList
            ? string.Join(',', value.Values.Select(v => "'" + v.Replace("'", "''", StringComparison.Ordinal) + "'"))
            : value.Values.Single().Replace("'", "''", StringComparison.Ordinal);
    });

    private string? BuiltIn(string name) => name switch
    {
        "__interval" => GrafanaInterval.Format(interval),
        "__interval_ms" => ((long)interval.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
        "__from" => new DateTimeOffset(From).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
        "__to" => new DateTimeOffset(To).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
        "__range_s" => ((long)(To - From).TotalSeconds).ToString(CultureInfo.InvariantCulture),
        _ => null,
    };

    /// <summary>The PostgreSQL data source's macros (Grafana's <c>grafana-postgresql-datasource/macros.go</c>).</summary>
    public string ExpandMacros(string sql)
    {
        var expanded = Macro().Replace(sql, match =>
        {
            var name = match.Groups["name"].Value;
            var args = match.Groups["args"].Value.Split(',').Select(a => a.Trim()).ToArray();
            return Evaluate(name, args) ?? throw new InvalidOperationException($"unknown macro ${name} in: {match.Value}");
        });
        Assert.DoesNotContain("$__", expanded);
        return expanded;
    }

    private string? Evaluate(string name, string[] args)
    {
        switch (name)
        {
            case "__time":
                return $"{Column(args, name)} AS \"time\"";
            case "__timeEpoch":
                return $"extract(epoch from {Column(args, name)}) as \"time\"";
            case "__timeFilter":
                return $"{Column(args, name)} BETWEEN '{Rfc3339(From)}' AND '{Rfc3339(To)}'";
            case "__timeFrom":
                return $"'{Rfc3339(From)}'";
            case "__timeTo":
                return $"'{Rfc3339(To)}'";
            case "__timeGroup":
                return TimeGroup(args);
            case "__timeGroupAlias":
                return TimeGroup(args) + " AS \"time\"";
            case "__unixEpochFilter":
                return $"{Column(args, name)} >= {Unix(From)} AND {args[0]} <= {Unix(To)}";
            case "__unixEpochNanoFilter":
                return $"{Column(args, name)} >= {UnixNano(From)} AND {args[0]} <= {UnixNano(To)}";
            case "__unixEpochFrom":
                return Unix(From).ToString(CultureInfo.InvariantCulture);
            case "__unixEpochTo":
                return Unix(To).ToString(CultureInfo.InvariantCulture);
            case "__unixEpochNanoFrom":
                return UnixNano(From).ToString(CultureInfo.InvariantCulture);
            case "__unixEpochNanoTo":
                return UnixNano(To).ToString(CultureInfo.InvariantCulture);
            case "__unixEpochGroup":
                return UnixEpochGroup(args);
            case "__unixEpochGroupAlias":
                return UnixEpochGroup(args) + " AS \"time\"";
            default:
                return null;
        }
    }

    /// <summary>
    /// <c>$__timeGroup(col, '5m'[, fill])</c>: the interval may be quoted; the fill argument only tells Grafana how to
    /// fill gaps in the answer, it does not change the SQL.
    /// </summary>
    private static string TimeGroup(string[] args)
    {
        Assert.True(args.Length is 2 or 3, "$__timeGroup needs a column and an interval");
        var seconds = Seconds(args[1]);
        return $"floor(extract(epoch from {args[0]})/{seconds})*{seconds}";
    }

    private static string UnixEpochGroup(string[] args)
    {
        Assert.True(args.Length is 2 or 3, "$__unixEpochGroup needs a column and an interval");
        var seconds = Seconds(args[1]);
        return $"floor(({args[0]})/{seconds})*{seconds}";
    }

    private static string Seconds(string interval) =>
        GrafanaInterval.Parse(interval.Trim('\'', '"')).TotalSeconds.ToString(CultureInfo.InvariantCulture);

    private static string Column(string[] args, string macro)
    {
        Assert.True(args.Length == 1 && args[0].Length > 0, $"${macro} takes one column");
        return args[0];
    }

    /// <summary>Go's <c>time.RFC3339Nano</c> in UTC: trailing zeros of the fraction (and its dot) dropped.</summary>
    private static string Rfc3339(DateTime time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private static long Unix(DateTime time) => new DateTimeOffset(time).ToUnixTimeSeconds();

    private static long UnixNano(DateTime time) => (time.ToUniversalTime() - DateTime.UnixEpoch).Ticks * 100;

    [GeneratedRegex(@"\$(?<plain>\w+)|\$\{(?<braced>\w+)(?::\w+)?\}|\[\[(?<bracketed>\w+)\]\]")]
    private static partial Regex VariableReference();

    [GeneratedRegex(@"\$(?<name>__\w+)\((?<args>[^)]*)\)")]
    private static partial Regex Macro();
}

/// <summary>A template variable's current value(s), and whether Grafana quotes them (multi-value or "All").</summary>
public sealed record VariableValue(IReadOnlyList<string> Values, bool QuotedList)
{
    public static VariableValue Single(string value) => new([value], false);
}

/// <summary>Grafana's interval strings (<c>30s</c>, <c>1m</c>, <c>1h</c>, <c>1d</c>, <c>500ms</c>).</summary>
public static partial class GrafanaInterval
{
    public static TimeSpan Parse(string text)
    {
        var match = Interval().Match(text);
        Assert.True(match.Success, $"not a Grafana interval: '{text}'");
        var n = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(n),
            "s" => TimeSpan.FromSeconds(n),
            "m" => TimeSpan.FromMinutes(n),
            "h" => TimeSpan.FromHours(n),
            "d" => TimeSpan.FromDays(n),
            "w" => TimeSpan.FromDays(7 * n),
            var unit => throw new InvalidOperationException("unit " + unit),
        };
    }

    public static string Format(TimeSpan interval) =>
        interval.TotalHours >= 1 && interval.TotalHours % 1 == 0 ? $"{(long)interval.TotalHours}h"
        : interval.TotalMinutes >= 1 && interval.TotalMinutes % 1 == 0 ? $"{(long)interval.TotalMinutes}m"
        : interval.TotalSeconds % 1 == 0 ? $"{(long)interval.TotalSeconds}s"
        : $"{(long)interval.TotalMilliseconds}ms";

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$")]
    private static partial Regex Interval();
}
