namespace Observatory.Core.Spans;

/// <summary>OTLP times are nanoseconds since the Unix epoch; .NET and PostgreSQL keep ticks and microseconds.</summary>
public static class UnixNano
{
    public static DateTime ToDateTime(long unixNano) => DateTime.UnixEpoch.AddTicks(unixNano / 100);

    public static DateTimeOffset ToDateTimeOffset(long unixNano) => DateTimeOffset.UnixEpoch.AddTicks(unixNano / 100);

    public static long FromDateTime(DateTime time) => (time.ToUniversalTime() - DateTime.UnixEpoch).Ticks * 100;
}
