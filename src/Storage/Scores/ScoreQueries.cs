using System.Text;
using System.Text.Json;
using Npgsql;

namespace Observatory.Storage.Scores;

/// <summary>
/// The read side of scores. A score's model, service and agent are those of the span it names; else of the trace's span
/// whose <c>gen_ai.response.id</c> it names; else of the trace's root span. They are joined when read, so a score that
/// arrived before its trace counts under its model once the trace is stored. The agent is the span's own agent name
/// (<c>gen_ai.agent.name</c> or a framework's equivalent, the <c>agent_name</c> column), else that of its nearest
/// ancestor that has one: a model call inside an agent run is scored for that agent. Null outside any agent.
/// </summary>
public sealed class ScoreQueries(NpgsqlDataSource dataSource)
{
    /// <summary>At most this many groups are returned by <see cref="AggregateAsync"/>.</summary>
    public const int MaxGroups = 1000;

    // The span a score belongs to, by the precedence above; one index range scan of the trace's spans per score.
    private const string ScoredSpans =
        """
        SELECT sc.name, sc.value, sc.label, sc.time,
               COALESCE(sp.response_model, sp.request_model) AS model, sp.service_name AS service, ag.agent
        FROM scores sc
        LEFT JOIN LATERAL (
            SELECT p.span_id, p.response_model, p.request_model, p.service_name
            FROM spans p
            WHERE p.project_id = sc.project_id AND p.trace_id = sc.trace_id
            ORDER BY (p.span_id = sc.span_id) DESC,
                     (sc.response_id IS NOT NULL AND p.attributes->>'gen_ai.response.id' = sc.response_id) DESC,
                     (p.parent_span_id IS NULL) DESC, p.start_time, p.span_id
            LIMIT 1) sp ON true
        LEFT JOIN LATERAL (
            -- Up the parent chain from the scored span to the first span that names an agent (64 levels at most).
            WITH RECURSIVE chain AS (
                SELECT p.parent_span_id, p.agent_name, 0 AS depth
                FROM spans p WHERE p.project_id = sc.project_id AND p.trace_id = sc.trace_id AND p.span_id = sp.span_id
                UNION ALL
                SELECT q.parent_span_id, q.agent_name, c.depth + 1
                FROM chain c JOIN spans q ON q.project_id = sc.project_id AND q.trace_id = sc.trace_id AND q.span_id = c.parent_span_id
                WHERE c.agent_name IS NULL AND c.depth < 64)
            SELECT agent_name AS agent FROM chain WHERE agent_name IS NOT NULL ORDER BY depth LIMIT 1) ag ON true
        WHERE sc.project_id = @project AND sc.time >= @from AND sc.time < @to
        """;

    /// <summary>The scores of a trace, each with the span it resolves to ('' for the trace itself), oldest first.</summary>
    public async Task<IReadOnlyList<StoredScore>> GetForTraceAsync(string projectId, string traceId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            """
            WITH responses AS (
                SELECT attributes->>'gen_ai.response.id' AS response_id, min(span_id) AS span_id
                FROM spans WHERE project_id = @project AND trace_id = @trace AND attributes ? 'gen_ai.response.id'
                GROUP BY 1)
            SELECT sc.score_id, COALESCE(NULLIF(sc.span_id, ''), r.span_id, ''), sc.response_id, sc.name, sc.value, sc.label, sc.kind,
                   sc.comment, sc.source, sc.author, sc.time
            FROM scores sc LEFT JOIN responses r ON r.response_id = sc.response_id
            WHERE sc.project_id = @project AND (sc.trace_id = @trace OR (sc.trace_id = '' AND r.span_id IS NOT NULL))
            ORDER BY sc.time, sc.score_id
            """);
        cmd.Parameters.AddWithValue("project", projectId);
        cmd.Parameters.AddWithValue("trace", traceId);
        var scores = new List<StoredScore>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            scores.Add(new StoredScore(
                reader.GetString(0), reader.GetString(1), Text(reader, 2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetDouble(4),
                Text(reader, 5), reader.GetString(6), Text(reader, 7), reader.GetString(8), Text(reader, 9), reader.GetDateTime(10)));
        }

        return scores;
    }

    /// <summary>
    /// Count, mean, min, max and median of the values, and the count per label, per score name and (unless grouping by
    /// name) per group value; groups ordered by name, then group value (null last).
    /// </summary>
    public async Task<IReadOnlyList<ScoreAggregate>> AggregateAsync(string projectId, ScoreFilter filter, ScoreGrouping groupBy, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand();
        var key = groupBy switch
        {
            ScoreGrouping.Model => "model",
            ScoreGrouping.Service => "service",
            ScoreGrouping.Agent => "agent",
            ScoreGrouping.Day => "to_char(time AT TIME ZONE 'UTC', 'YYYY-MM-DD')",
            _ => "NULL::text",
        };
        var sql = new StringBuilder($"WITH s AS (SELECT *, {key} AS grp FROM ({ScoredSpans}) scored WHERE true");
        AppendFilters(sql, cmd, filter);
        sql.Append(
            $"""
            ),
            g AS (SELECT name, grp, count(*) AS n, count(value) AS nv, avg(value) AS mean, min(value) AS lo, max(value) AS hi,
                         percentile_cont(0.5) WITHIN GROUP (ORDER BY value) AS p50
                  FROM s GROUP BY name, grp),
            l AS (SELECT name, grp, jsonb_object_agg(label, n) AS labels
                  FROM (SELECT name, grp, label, count(*) AS n FROM s WHERE label IS NOT NULL GROUP BY 1, 2, 3) x GROUP BY name, grp)
            SELECT g.name, g.grp, g.n, g.nv, g.mean, g.lo, g.hi, g.p50, l.labels::text
            FROM g LEFT JOIN l ON l.name = g.name AND l.grp IS NOT DISTINCT FROM g.grp
            ORDER BY g.name, g.grp NULLS LAST LIMIT {MaxGroups}
            """);
        cmd.CommandText = sql.ToString();
        AddRange(cmd, projectId, filter);
        var groups = new List<ScoreAggregate>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var labels = reader.IsDBNull(8)
                ? new SortedDictionary<string, long>(StringComparer.Ordinal)
                : new SortedDictionary<string, long>(JsonSerializer.Deserialize<Dictionary<string, long>>(reader.GetString(8))!, StringComparer.Ordinal);
            groups.Add(new ScoreAggregate(
                reader.GetString(0), Text(reader, 1), reader.GetInt64(2), reader.GetInt64(3), Number(reader, 4), Number(reader, 5), Number(reader, 6),
                Number(reader, 7), labels));
        }

        return groups;
    }

    /// <summary>Per model (of <paramref name="models"/>) and score name: how many scores and the mean of their values.</summary>
    public async Task<IReadOnlyList<ModelScoreMean>> MeansByModelAsync(
        string projectId, IReadOnlyList<string> models, DateTime from, DateTime to, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            $"""
            SELECT model, name, count(*), count(value), avg(value)
            FROM ({ScoredSpans}) scored
            WHERE model = ANY(@models)
            GROUP BY model, name ORDER BY model, name
            """);
        AddRange(cmd, projectId, new ScoreFilter(from, to));
        cmd.Parameters.AddWithValue("models", models.ToArray());
        var means = new List<ModelScoreMean>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            means.Add(new ModelScoreMean(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), Number(reader, 4)));
        }

        return means;
    }

    private static void AppendFilters(StringBuilder sql, NpgsqlCommand cmd, ScoreFilter filter)
    {
        foreach (var (column, value) in new[] { ("name", filter.Name), ("model", filter.Model), ("service", filter.Service), ("agent", filter.Agent) })
        {
            if (value is not null)
            {
                sql.Append($" AND {column} = @f_{column}");
                cmd.Parameters.AddWithValue("f_" + column, value);
            }
        }
    }

    private static void AddRange(NpgsqlCommand cmd, string projectId, ScoreFilter filter)
    {
        cmd.Parameters.AddWithValue("project", projectId);
        cmd.Parameters.AddWithValue("from", filter.From);
        cmd.Parameters.AddWithValue("to", filter.To);
    }

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static double? Number(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);
}

/// <summary>A stored score; <see cref="SpanId"/> is the span it resolves to ('' for the trace).</summary>
public sealed record StoredScore(
    string ScoreId, string SpanId, string? ResponseId, string Name, double? Value, string? Label, string Kind, string? Comment,
    string Source, string? Author, DateTime Time);

/// <summary>Which scores to aggregate: a time range (UTC) and exact matches.</summary>
public sealed record ScoreFilter(DateTime From, DateTime To, string? Name = null, string? Model = null, string? Service = null, string? Agent = null);

/// <summary>What scores are grouped by, besides their name.</summary>
public enum ScoreGrouping
{
    Name,
    Model,
    Service,
    Agent,
    Day,
}

/// <summary>One group: <see cref="Group"/> is null when grouping by name, or when the score's span has no such value.</summary>
public sealed record ScoreAggregate(
    string Name, string? Group, long Count, long ValueCount, double? Mean, double? Min, double? Max, double? P50,
    IReadOnlyDictionary<string, long> Labels);

/// <summary>One model's scores of one name.</summary>
public sealed record ModelScoreMean(string Model, string Name, long Count, long ValueCount, double? Mean);
