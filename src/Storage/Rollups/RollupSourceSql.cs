using Npgsql;
using NpgsqlTypes;
using Observatory.Core.Rollups;
using Observatory.Core.Spans;

namespace Observatory.Storage.Rollups;

/// <summary>
/// A FROM item that reads the minute, hour and day rollups covering a range (<see cref="RollupPlan"/>) as one table with
/// the rollup columns: counters summed over it equal the per-minute sums, with a few hundred rows read instead of tens
/// of thousands per model and service.
/// </summary>
public static class RollupSourceSql
{
    /// <summary>
    /// <c>(… UNION ALL …) AS alias</c> over the project's buckets in [from, to); adds its parameters to the command.
    /// <paramref name="coarsest"/> caps the bucket size (a series binned by 1 h must not read whole days).
    /// </summary>
    public static string For(NpgsqlCommand cmd, string projectParameter, DateTime from, DateTime to, RollupResolution coarsest, string alias = "r")
    {
        var plan = RollupPlan.Cover(UnixNano.FromDateTime(from), UnixNano.FromDateTime(to), coarsest);
        if (plan.Count == 0)
        {
            return $"(SELECT {RollupTables.Columns} FROM model_rollups WHERE false) AS {alias}";
        }

        var parts = new List<string>();
        for (var i = 0; i < plan.Count; i++)
        {
            var span = plan[i];
            parts.Add(
                $"SELECT {RollupTables.Columns} FROM {RollupTables.Name(span.Resolution)} " +
                $"WHERE project_id = @{projectParameter} AND bucket_start >= @rollupFrom{i} AND bucket_start < @rollupTo{i}");
            cmd.Parameters.AddWithValue($"rollupFrom{i}", NpgsqlDbType.TimestampTz, UnixNano.ToDateTime(span.FromUnixNano));
            cmd.Parameters.AddWithValue($"rollupTo{i}", NpgsqlDbType.TimestampTz, UnixNano.ToDateTime(span.ToUnixNano));
        }

        return $"({string.Join(" UNION ALL ", parts)}) AS {alias}";
    }

    /// <summary>The coarsest resolution whose buckets fall wholly inside bins of this size (bins aligned to the epoch).</summary>
    public static RollupResolution CoarsestFor(TimeSpan bin)
    {
        var nanos = bin.Ticks * 100;
        return RollupResolutions.All.Reverse().FirstOrDefault(r => nanos % r.NanosPerBucket() == 0, RollupResolution.Minute);
    }
}
