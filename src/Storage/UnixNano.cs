namespace Observatory.Storage;

/// <summary>OTLP times are nanoseconds since the Unix epoch; PostgreSQL keeps microseconds.</summary>
public static class UnixNano
{
    public static DateTime ToDateTime(long unixNano) => DateTime.UnixEpoch.AddTicks(unixNano / 100);

    public static long FromDateTime(DateTime time) => (time.ToUniversalTime() - DateTime.UnixEpoch).Ticks * 100;
}
