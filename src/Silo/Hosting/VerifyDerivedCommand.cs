using Npgsql;
using Observatory.Storage.Derived;

namespace Observatory.Silo.Hosting;

/// <summary>
/// <c>verify-derived [--project P]</c>: recomputes every trace summary and model rollup from the stored spans and lists
/// what differs from the stored rows; exits 1 when anything does.
/// </summary>
public static class VerifyDerivedCommand
{
    private const int Shown = 20;

    public static async Task<int> RunAsync(string[] args)
    {
        var configuration = CommandLine.Configuration(args);
        if (CommandLine.ConnectionString(configuration) is not { } connectionString)
        {
            return 2;
        }

        try
        {
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            var report = await DerivedDataAudit.RunAsync(dataSource, configuration["project"], CancellationToken.None);
            Console.WriteLine($"{report.Spans} spans, {report.Traces} traces, {report.RollupBuckets} rollup buckets: {report.Differences.Count} differences.");
            foreach (var difference in report.Differences.Take(Shown))
            {
                Console.WriteLine(difference);
            }

            return report.Differences.Count == 0 ? 0 : 1;
        }
        catch (NpgsqlException ex)
        {
            Console.Error.WriteLine("Verifying derived data failed: " + ex.Message);
            return 2;
        }
    }
}
