namespace Observatory.Core.Rollups;

/// <summary>Rollups are per minute: a call is counted in the minute its span started.</summary>
public static class ModelBucket
{
    public const long NanosPerMinute = 60_000_000_000L;

    /// <summary>The start of the minute that contains the time, in Unix nanoseconds.</summary>
    public static long StartOf(long unixNano) => unixNano - (((unixNano % NanosPerMinute) + NanosPerMinute) % NanosPerMinute);
}
