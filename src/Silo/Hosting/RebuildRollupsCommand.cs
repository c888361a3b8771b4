using Npgsql;
using Observatory.Storage.Rollups;

namespace Observatory.Silo.Hosting;

/// <summary>
/// <c>rebuild-rollups [--project P]</c>: folds the stored per-minute rollups into the hourly and daily ones, for minutes
/// written straight into the database (<c>./observatory seed</c>); ingest through the product keeps them in step itself.
/// </summary>
public static class RebuildRollupsCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var configuration = CommandLine.Configuration(args);
        if (CommandLine.ConnectionString(configuration) is not { } connectionString)
        {
            return 2;
        }

        var project = configuration["project"];
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            var rows = await RollupCoarsening.RebuildAsync(connection, transaction, project, from: null, to: null, CancellationToken.None);
            await transaction.CommitAsync();
            Console.WriteLine($"Rebuilt {rows} hourly and daily rollup rows{(project is null ? "" : $" of project '{project}'")}.");
            return 0;
        }
        catch (NpgsqlException ex)
        {
            Console.Error.WriteLine("Rebuilding rollups failed: " + ex.Message);
            return 1;
        }
    }
}
