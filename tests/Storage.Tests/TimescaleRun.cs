namespace Observatory.Storage.Tests;

/// <summary>
/// Whether this run's PostgreSQL preloads TimescaleDB: `./observatory test` runs the storage tests a second time
/// against such a server and sets OBSERVATORY_TEST_TIMESCALE=1 for it.
/// </summary>
internal static class TimescaleRun
{
    public static bool IsOn => Environment.GetEnvironmentVariable("OBSERVATORY_TEST_TIMESCALE") == "1";
}
