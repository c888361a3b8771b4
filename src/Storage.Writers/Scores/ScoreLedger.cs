using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using Observatory.Core.Ingest;
using Observatory.Core.Scores;
using Observatory.Core.Spans;

namespace Observatory.Storage.Scores;

/// <summary>
/// Stores scores inside the caller's transaction (the one that stores the spans or log records that carried them), so an
/// export is answered OK only once its scores are durable too. ON CONFLICT DO NOTHING on the deterministic id: a re-sent
/// export, or a retried POST with its id, stores each score once.
/// </summary>
public static class ScoreLedger
{
    /// <summary>Inserts the scores that are new; returns how many were.</summary>
    public static async Task<int> AddAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyCollection<(string ProjectId, ScoreRecord Score)> scores, CancellationToken ct)
    {
        if (scores.Count == 0)
        {
            return 0;
        }

        // One statement over parallel arrays: scores are few per export, and unnest keeps it one round trip.
        await using var insert = new NpgsqlCommand(
            """
            INSERT INTO scores (project_id, score_id, trace_id, span_id, response_id, name, value, label, kind, comment, source, author, time)
            SELECT * FROM unnest(@project, @id, @trace, @span, @response, @name, @value, @label, @kind, @comment, @source, @author, @time)
            ON CONFLICT DO NOTHING
            """, connection, tx);
        insert.Parameters.Add(Array("project", NpgsqlDbType.Text, scores.Select(s => s.ProjectId)));
        insert.Parameters.Add(Array("id", NpgsqlDbType.Text, scores.Select(s => s.Score.ScoreId)));
        insert.Parameters.Add(Array("trace", NpgsqlDbType.Text, scores.Select(s => s.Score.TraceId)));
        insert.Parameters.Add(Array("span", NpgsqlDbType.Text, scores.Select(s => s.Score.SpanId)));
        insert.Parameters.Add(Array("response", NpgsqlDbType.Text, scores.Select(s => s.Score.ResponseId)));
        insert.Parameters.Add(Array("name", NpgsqlDbType.Text, scores.Select(s => s.Score.Name)));
        insert.Parameters.Add(Array("value", NpgsqlDbType.Double, scores.Select(s => s.Score.Value)));
        insert.Parameters.Add(Array("label", NpgsqlDbType.Text, scores.Select(s => s.Score.Label)));
        insert.Parameters.Add(Array("kind", NpgsqlDbType.Text, scores.Select(s => ScoreNames.Of(s.Score.Kind))));
        insert.Parameters.Add(Array("comment", NpgsqlDbType.Text, scores.Select(s => s.Score.Comment)));
        insert.Parameters.Add(Array("source", NpgsqlDbType.Text, scores.Select(s => ScoreNames.Of(s.Score.Source))));
        insert.Parameters.Add(Array("author", NpgsqlDbType.Text, scores.Select(s => s.Score.Author)));
        insert.Parameters.Add(Array("time", NpgsqlDbType.TimestampTz, scores.Select(s => UnixNano.ToDateTime(s.Score.TimeUnixNano))));
        return await insert.ExecuteNonQueryAsync(ct);
    }

    private static NpgsqlParameter Array<T>(string name, NpgsqlDbType type, IEnumerable<T> values) =>
        new(name, NpgsqlDbType.Array | type) { Value = values.ToArray() };
}

/// <summary>Stores scores posted to the API, one transaction per request.</summary>
public sealed class ScoreWriter(NpgsqlDataSource dataSource)
{
    /// <summary>Returns how many were new. Throws <see cref="IngestUnavailableException"/> when the database fails.</summary>
    public async Task<int> WriteAsync(string projectId, IReadOnlyList<ScoreRecord> scores, CancellationToken ct)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            var started = Stopwatch.GetTimestamp();
            await using var tx = await connection.BeginTransactionAsync(ct);
            var inserted = await ScoreLedger.AddAsync(connection, tx, scores.Select(s => (projectId, s)).ToList(), ct);
            await tx.CommitAsync(ct);
            StorageMetrics.Committed("scores", scores.Count, started);
            return inserted;
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
        {
            // Not counted in the write-failure gauge, which tracks the ingest tables (spans, log_events): the POST answers 503.
            throw new IngestUnavailableException("The score store is unavailable: " + ex.Message, ex);
        }
    }
}

/// <summary>The scores of a write group's spans (most spans carry none: no list is made for them).</summary>
internal static class SpanScores
{
    public static IReadOnlyCollection<(string ProjectId, ScoreRecord Score)> Of(IEnumerable<(string ProjectId, SpanRecord Span)> spans)
    {
        List<(string, ScoreRecord)>? scores = null;
        foreach (var (projectId, span) in spans)
        {
            if (span.Scores.Count > 0)
            {
                scores ??= [];
                foreach (var score in span.Scores)
                {
                    scores.Add((projectId, score));
                }
            }
        }

        return scores ?? (IReadOnlyCollection<(string, ScoreRecord)>)[];
    }
}
