namespace Observatory.Core.Rollups;

/// <summary>
/// The bucket sizes model usage is kept at. Every call is counted once at each resolution (in the minute, hour and UTC
/// day its span started), so a long range is answered from a few coarse buckets instead of thousands of minutes.
/// </summary>
public enum RollupResolution
{
    Minute,
    Hour,
    Day,
}

public static class RollupResolutions
{
    public static readonly IReadOnlyList<RollupResolution> All = [RollupResolution.Minute, RollupResolution.Hour, RollupResolution.Day];

    public static long NanosPerBucket(this RollupResolution resolution) => resolution switch
    {
        RollupResolution.Minute => ModelBucket.NanosPerMinute,
        RollupResolution.Hour => 60 * ModelBucket.NanosPerMinute,
        RollupResolution.Day => 24 * 60 * ModelBucket.NanosPerMinute,
        _ => throw new ArgumentOutOfRangeException(nameof(resolution), resolution, null),
    };

    /// <summary>The start of the bucket that contains the time, in Unix nanoseconds (UTC-aligned: the epoch is a midnight).</summary>
    public static long StartOf(this RollupResolution resolution, long unixNano)
    {
        var size = resolution.NanosPerBucket();
        return unixNano - (((unixNano % size) + size) % size);
    }

    /// <summary>The first bucket start at or after the time.</summary>
    public static long CeilingOf(this RollupResolution resolution, long unixNano)
    {
        var start = resolution.StartOf(unixNano);
        return start == unixNano ? start : start + resolution.NanosPerBucket();
    }
}
