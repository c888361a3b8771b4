using Observatory.Core.Rollups;
using Observatory.Core.Spans;
using Observatory.Grains.Contracts;
using Observatory.Grains.Ingest;
using Observatory.Storage.Pricing;
using Observatory.Storage.Rollups;

namespace Observatory.Grains.Models;

/// <summary>
/// Live usage of one model, kept per minute, hour and UTC day. Buckets touched since activation live in memory with
/// absolute values (a bucket already stored is loaded before its first change), changed ones are written every second
/// and on deactivation — all resolutions in one batch, so an hour always equals its minutes — and queries read the few
/// coarse buckets that cover a range (<see cref="RollupPlan"/>) and overlay the in-memory ones: live numbers with no
/// batch delay, and a 30-day question costs a few hundred rows per service, not 43,200.
/// </summary>
public sealed class ModelGrain(RollupStore store, RecostQueries recost) : Grain, IModelGrain
{
    private static readonly TimeSpan FlushPeriod = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan SettledAfter = TimeSpan.FromMinutes(10);
    private static readonly long SettledAfterNanos = SettledAfter.Ticks * 100;

    private readonly Dictionary<BucketKey, ModelUsage> _buckets = new();
    private readonly HashSet<BucketKey> _dirty = new();
    private string _projectId = "";
    private ModelId _model = new("", "");

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var parts = GrainKeys.Split(this.GetPrimaryKeyString());
        _projectId = parts[0];
        _model = new ModelId(parts[1], parts[2]);
        await GrainFactory.GetGrain<IModelDirectoryGrain>(_projectId).Register(_model);
        this.RegisterGrainTimer(_ => FlushAndForgetSettled(), new GrainTimerCreationOptions { DueTime = FlushPeriod, Period = FlushPeriod });
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => await Flush();

    public async Task Record(Immutable<ModelUsageDelta[]> deltas)
    {
        // Load every missing bucket before changing any: if a load fails, nothing was applied and the caller may retry.
        foreach (var delta in deltas.Value)
        {
            foreach (var key in BucketKey.AllFor(delta.ServiceName, delta.BucketStartUnixNano))
            {
                await GetOrLoad(key);
            }
        }

        foreach (var delta in deltas.Value)
        {
            var usage = ModelUsageAggregation.ToUsage(delta);
            foreach (var key in BucketKey.AllFor(delta.ServiceName, delta.BucketStartUnixNano))
            {
                _buckets[key].Merge(usage);
                _dirty.Add(key);
            }
        }
    }

    public async Task<ModelStatsReply> GetStats(DateTime from, DateTime to, string? service)
    {
        var plan = RollupPlan.Cover(UnixNano.FromDateTime(from), UnixNano.FromDateTime(to));
        var merged = new Dictionary<BucketKey, ModelUsage>();
        foreach (var row in await store.LoadPlanAsync(_projectId, _model.Provider, _model.Model, plan, service, CancellationToken.None))
        {
            merged[new BucketKey(row.Resolution, row.ServiceName, row.BucketStartUnixNano)] = row.Usage;
        }

        // In-memory buckets hold absolute values at least as new as the stored rows: they replace them.
        foreach (var (key, usage) in _buckets)
        {
            if ((service is null || key.Service == service) && RollupPlan.Covers(plan, key.Resolution, key.Start))
            {
                merged[key] = usage;
            }
        }

        var total = new ModelUsage();
        foreach (var usage in merged.Values)
        {
            total.Merge(usage);
        }

        return ModelStatsReply.From(_model, total);
    }

    public async Task RecomputeCost(DateTime from, DateTime to)
    {
        foreach (var (service, bucket, cost) in await recost.SumCostPerBucketAsync(_projectId, _model.Provider, _model.Model, from, to, CancellationToken.None))
        {
            var key = new BucketKey(RollupResolution.Minute, service, bucket);
            (await GetOrLoad(key)).ReplaceCost(cost);
            _dirty.Add(key);
        }

        // The minutes are stored now; every hour and day around them takes the sum of its minutes' costs.
        await Flush();
        var fromNano = UnixNano.FromDateTime(from);
        var toNano = UnixNano.FromDateTime(to) + ModelBucket.NanosPerMinute;
        foreach (var resolution in new[] { RollupResolution.Hour, RollupResolution.Day })
        {
            foreach (var (service, bucket, cost) in await store.SumMinuteCostsAsync(
                _projectId, _model.Provider, _model.Model, resolution, fromNano, toNano, CancellationToken.None))
            {
                var key = new BucketKey(resolution, service, bucket);
                (await GetOrLoad(key)).ReplaceCost(cost);
                _dirty.Add(key);
            }
        }

        await Flush();
    }

    public async Task Flush()
    {
        if (_dirty.Count == 0)
        {
            return;
        }

        var changed = _dirty.Select(k => new RollupBucket(k.Resolution, k.Service, k.Start, _buckets[k])).ToList();
        await store.UpsertAsync(_projectId, _model.Provider, _model.Model, changed, CancellationToken.None);
        _dirty.Clear();
    }

    /// <summary>
    /// Flushes, then drops clean buckets that ended more than <see cref="SettledAfter"/> ago: late spans for them are
    /// rare, a later change reloads them and queries read them from the store, so memory stays bounded for a grain
    /// that lives for months or receives back-dated spans.
    /// </summary>
    private async Task FlushAndForgetSettled()
    {
        await Flush();
        var now = UnixNano.FromDateTime(DateTime.UtcNow);
        foreach (var key in _buckets.Keys.Where(k => k.Start + k.Resolution.NanosPerBucket() + SettledAfterNanos < now).ToList())
        {
            _buckets.Remove(key);
        }
    }

    private async Task<ModelUsage> GetOrLoad(BucketKey key)
    {
        if (!_buckets.TryGetValue(key, out var usage))
        {
            var stored = await store.LoadAsync(_projectId, _model.Provider, _model.Model, key.Resolution, key.Service, key.Start, CancellationToken.None);
            _buckets[key] = usage = stored?.Usage ?? new ModelUsage();
        }

        return usage;
    }

    private readonly record struct BucketKey(RollupResolution Resolution, string Service, long Start)
    {
        /// <summary>The minute, hour and day a call that started in this minute is counted in.</summary>
        public static IEnumerable<BucketKey> AllFor(string service, long minuteStart) =>
            RollupResolutions.All.Select(r => new BucketKey(r, service, r.StartOf(minuteStart)));
    }
}
