using System.Globalization;

namespace Observatory.Bench.LiveLatency;

/// <summary>The command line: <c>--name value</c> pairs, each with a default.</summary>
internal sealed record LiveOptions(
    Uri Api, Uri Otlp, double Rate, double DurationSeconds, double WarmupSeconds, int SpansPerRequest, int SpansPerTrace,
    int Concurrency, string? Key, string? JsonPath)
{
    public static LiveOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        string Text(string name, string fallback) => values.GetValueOrDefault(name, fallback);
        double Number(string name, double fallback) => values.TryGetValue(name, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new LiveOptions(
            new Uri(Text("api", "http://127.0.0.1:8080")), new Uri(Text("otlp", "http://127.0.0.1:4318")), Number("rate", 5000),
            Number("duration", 30), Number("warmup", 5), (int)Number("spans-per-request", 100), (int)Number("spans-per-trace", 5),
            (int)Number("concurrency", 16), values.GetValueOrDefault("key"), values.GetValueOrDefault("json"));
    }
}
