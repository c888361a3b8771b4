using Observatory.Core.Llm;
using Observatory.Core.Rollups;

namespace Observatory.Storage.Rollups;

/// <summary>One model of one service of one project: the unit rollups are kept and locked by.</summary>
public readonly record struct RollupSeries(string Project, string Provider, string Model, string Service)
{
    /// <summary>The series' name in advisory-lock keys (parts joined by a character that no id contains).</summary>
    public string LockName => string.Join('\u001f', Project, Provider, Model, Service);
}

/// <summary>
/// Model calls summed per series and bucket at every resolution (a call counts in the minute, hour and UTC day its
/// span started). The one place a span becomes rollup numbers: ingest feeds it the new spans of a transaction, the
/// audit the stored spans, and both get the same buckets.
/// </summary>
public sealed class RollupAggregate
{
    private readonly Dictionary<(RollupSeries Series, RollupResolution Resolution, long Start), ModelUsage> _buckets = new();

    public int Count => _buckets.Count;

    public IEnumerable<(RollupSeries Series, RollupResolution Resolution, long Start, ModelUsage Usage)> Buckets =>
        _buckets.Select(b => (b.Key.Series, b.Key.Resolution, b.Key.Start, b.Value));

    /// <summary>Counts the span when it is a model call; other spans change nothing.</summary>
    public void Add(string project, string service, LlmFacts? llm, long startUnixNano, bool isError, double durationMs)
    {
        if (llm is not { IsModelCall: true })
        {
            return;
        }

        var series = new RollupSeries(project, llm.Provider ?? "", llm.Model ?? "", service);
        foreach (var resolution in RollupResolutions.All)
        {
            var key = (series, resolution, resolution.StartOf(startUnixNano));
            if (!_buckets.TryGetValue(key, out var usage))
            {
                _buckets[key] = usage = new ModelUsage();
            }

            usage.RecordCall(llm, isError, durationMs);
        }
    }
}
