using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Observatory.Core.Traces;

namespace Observatory.Storage.Traces;

/// <summary>
/// Full-text search for a rare or absent word or phrase: its posting list names the few traces that can match, and only
/// those are read. Checking traces one by one costs the same for such a word as for a common one, but finds nothing, so
/// it used to read hundreds of thousands of traces for an empty answer (0.5–1 s at 3M spans).
/// </summary>
public sealed partial class TraceQueries
{
    /// <summary>False: full-text search takes neither the posting list nor the walk of matching spans (tests compare).</summary>
    internal bool ContentShortcuts { get; init; } = true;

    /// <summary>Most traces the posting list may name before the search goes the way common words go.</summary>
    internal int PostingListTraceCap { get; init; } = 20_000;

    /// <summary>
    /// Words the planner expects in at most this share of spans take the posting list. ANALYZE keeps the frequent words
    /// of the content (migration 0220) and estimates any other at no more than 0.5 %; without statistics it assumes 0.5 %.
    /// </summary>
    private const double RareShare = 0.006;

    /// <summary>The posting-list read gives up after this long (a common word on a server without word statistics).</summary>
    private const int PostingListTimeoutMs = 150;

    /// <summary>
    /// The page for a filter whose top-level AND holds <paramref name="content"/>, read from the traces its posting list
    /// names; null when there are too many of them (then the caller checks newest matches first).
    /// </summary>
    private async Task<List<TraceSummary>?> TryListByPostingListAsync(
        TraceListQuery query, TraceFilter? filter, TraceFilter.Condition content, DateTime oldest, DateTime end, CancellationToken ct)
    {
        if (end <= oldest)
        {
            return [];
        }

        var candidates = await CandidateTracesAsync(query.ProjectId, (string)content.Value, oldest, ct);
        if (candidates is null)
        {
            return null;
        }

        // Every trace in [oldest, end) that matches the condition is a candidate (its spans start at or after it; log
        // events are not bounded), so the condition itself is replaced by the candidate list.
        return candidates.Length == 0
            ? []
            : await ListPageAsync(query, Without(filter!, content), oldest, end, probe: false, query.Limit + 1, ct, candidates);
    }

    /// <summary>The first full-text condition reachable through ANDs alone (it must hold for every match).</summary>
    private static TraceFilter.Condition? TopLevelContent(TraceFilter? filter) => filter switch
    {
        TraceFilter.Condition { Field: TraceField.Content, Op: TraceFilterOp.Contains, Value: string } c => c,
        TraceFilter.And and => and.Filters.Select(TopLevelContent).FirstOrDefault(c => c is not null),
        _ => null,
    };

    /// <summary>The filter with <paramref name="condition"/> (found by reference) replaced by "true".</summary>
    private static TraceFilter Without(TraceFilter filter, TraceFilter.Condition condition) => filter switch
    {
        _ when ReferenceEquals(filter, condition) => new TraceFilter.And([]),
        TraceFilter.And and => new TraceFilter.And([.. and.Filters.Select(f => Without(f, condition))]),
        _ => filter,
    };

    /// <summary>
    /// Whether the planner expects the content to match few spans (by the word statistics), and the words every match must
    /// contain (plain ASCII letters and digits, lower-case; empty when the query has OR or NOT).
    /// </summary>
    private async Task<(bool Rare, string[] Words)> ClassifyContentAsync(string projectId, string text, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            "EXPLAIN (FORMAT JSON) SELECT 1 FROM spans s WHERE s.project_id = @project AND " +
            string.Format(System.Globalization.CultureInfo.InvariantCulture, TraceFilterSql.SpanContentMatches, "@text") +
            "; EXPLAIN (FORMAT JSON) SELECT 1 FROM spans s WHERE s.project_id = @project" +
            "; SELECT websearch_to_tsquery('simple'::regconfig, @text)::text");
        cmd.Parameters.AddWithValue("project", projectId);
        cmd.Parameters.AddWithValue("text", text);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var matching = await PlanRowsAsync(reader, ct);
        await reader.NextResultAsync(ct);
        var all = await PlanRowsAsync(reader, ct);
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        return (matching <= Math.Max(all, 1) * RareShare, RequiredWords(reader.GetString(0)));
    }

    /// <summary>
    /// The lexemes of a tsquery made only of AND and phrase operators: each is, lower-cased, a substring of any text that
    /// matches ('simple' only lower-cases words). Only ASCII words are kept, so lower() and the parser agree on them.
    /// </summary>
    internal static string[] RequiredWords(string tsquery) =>
        tsquery.Contains('|') || tsquery.Contains('!')
            ? []
            : [.. System.Text.RegularExpressions.Regex.Matches(tsquery, "'((?:[^']|'')*)'").Select(m => m.Groups[1].Value)
                .Where(w => w.Length > 0 && w.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c))).Distinct()];

    private static async Task<double> PlanRowsAsync(NpgsqlDataReader reader, CancellationToken ct)
    {
        await reader.ReadAsync(ct);
        using var plan = JsonDocument.Parse(reader.GetString(0));
        return plan.RootElement[0].GetProperty("Plan").GetProperty("Plan Rows").GetDouble();
    }

    /// <summary>
    /// The distinct traces with matching content (spans from <paramref name="from"/> on, log events at any time), or null
    /// when there are more than <see cref="PostingListTraceCap"/> or reading them takes too long.
    /// </summary>
    private async Task<string[]?> CandidateTracesAsync(string projectId, string text, DateTime? from, CancellationToken ct)
    {
        // Without a start, only log events are asked (the content walk reads spans by time itself).
        var spansPart = from is null ? "" :
            $"""
            SELECT s.trace_id FROM spans s
            WHERE s.project_id = @project AND s.start_time >= @from AND {string.Format(System.Globalization.CultureInfo.InvariantCulture, TraceFilterSql.SpanContentMatches, "@text")}
            UNION ALL
            """;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using var cmd = new NpgsqlCommand(
            $"""
            SET LOCAL statement_timeout = {PostingListTimeoutMs};
            SET LOCAL max_parallel_workers_per_gather = 0;
            SELECT DISTINCT trace_id FROM (
                {spansPart}
                SELECT l.trace_id FROM log_events l
                WHERE l.project_id = @project AND {string.Format(System.Globalization.CultureInfo.InvariantCulture, TraceFilterSql.LogContentCondition, "@text")}
            ) m LIMIT @cap
            """, connection, tx);
        cmd.Parameters.AddWithValue("project", projectId);
        cmd.Parameters.AddWithValue("text", text);
        if (from is { } start)
        {
            cmd.Parameters.AddWithValue("from", NpgsqlDbType.TimestampTz, start);
        }

        cmd.Parameters.AddWithValue("cap", PostingListTraceCap + 1);
        var ids = new List<string>();
        try
        {
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                ids.Add(reader.GetString(0));
            }
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.QueryCanceled && !ct.IsCancellationRequested)
        {
            return null;
        }

        return ids.Count > PostingListTraceCap ? null : [.. ids];
    }
}
