using System.Runtime.CompilerServices;
using Npgsql;
using Observatory.Core.Traces;
using Observatory.Storage.Traces;

namespace Observatory.Storage.Export;

/// <summary>
/// The rows of a trace export: every trace summary matching the trace-list filters, newest first, read in keyset
/// batches through <see cref="TraceQueries.ListAsync"/> (the list's own SQL, so the export can never disagree with it)
/// and yielded as they arrive. No batch holds a connection while the caller writes, and nothing buffers the whole result.
/// </summary>
public sealed class TraceExportSource(TraceQueries queries, NpgsqlDataSource dataSource)
{
    public const int BatchSize = 1000;

    public async IAsyncEnumerable<TraceSummary> ReadAsync(TraceListQuery filter, [EnumeratorCancellation] CancellationToken ct)
    {
        var query = filter with { Limit = BatchSize, After = null };
        while (true)
        {
            var page = await queries.ListAsync(query, ct);
            foreach (var trace in page.Traces)
            {
                yield return trace;
            }

            if (page.Next is null)
            {
                yield break;
            }

            query = query with { After = page.Next };
        }
    }

    /// <summary>How many traces match the filters (the denominator of a job's progress).</summary>
    public async Task<long> CountAsync(TraceListQuery filter, CancellationToken ct)
    {
        // Exports pass every filter in TraceListQuery.Filter (the shorthand fields stay unset), so this is the list's WHERE.
        var where = TraceFilterSql.Build(filter.ProjectId, filter.Filter);
        await using var cmd = dataSource.CreateCommand($"SELECT count(*) FROM traces {TraceFilterSql.TraceAlias} WHERE {where.Sql}");
        where.AddParametersTo(cmd);
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }
}
