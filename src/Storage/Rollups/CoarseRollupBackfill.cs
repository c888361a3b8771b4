using System.Data;
using DbUp.Engine;
using Npgsql;

namespace Observatory.Storage.Rollups;

/// <summary>
/// Migration step after <c>0205_coarse_rollups.sql</c>: folds the minutes stored before hourly and daily rollups existed
/// into them, inside the migration's transaction. Written in C# because sketches only merge in C#.
/// </summary>
public sealed class CoarseRollupBackfill : IScript
{
    /// <summary>Sorts right after the SQL script that creates the tables (DbUp orders scripts by name).</summary>
    public const string Name = "Observatory.Storage.Migrations.0206_backfill_coarse_rollups";

    public string ProvideScript(Func<IDbCommand> dbCommandFactory)
    {
        using var probe = (NpgsqlCommand)dbCommandFactory();
        RollupCoarsening.RebuildAsync(probe.Connection!, probe.Transaction, project: null, from: null, to: null, CancellationToken.None)
            .GetAwaiter().GetResult();

        // DbUp runs the returned text and journals the script; the work is already done above.
        return "SELECT 1";
    }
}
