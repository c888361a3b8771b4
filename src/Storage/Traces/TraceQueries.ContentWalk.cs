using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using Observatory.Core.Traces;

namespace Observatory.Storage.Traces;

/// <summary>
/// Full-text search for a word that is not rare: its matching spans are read newest first through the index of spans
/// with content by time (0221), checking each one, so traffic without content (the newest hours, often) costs nothing,
/// where checking traces one by one would read every trace of it.
/// </summary>
public sealed partial class TraceQueries
{
    /// <summary>Steps of the walk; after the last one the rest goes the older way (trace by trace, then windows).</summary>
    private const int WalkSteps = 4;

    /// <summary>Most matching spans the walk reads, in pages of the list: every span read costs a check.</summary>
    private const int WalkMaxPages = 32;

    /// <summary>
    /// Traces in [oldest, end) that match <paramref name="filter"/>, found from their newest matching spans. After reading
    /// matching spans down to time X, every trace that started after X and matches is known (its spans start no earlier
    /// than it does). Returns those rows and, when they do not fill the page, the start time below which it is undecided.
    /// </summary>
    private async Task<(List<TraceSummary> Rows, DateTime? CompleteFrom)> WalkNewestMatchesAsync(
        TraceListQuery query, TraceFilter? filter, TraceFilter.Condition content, string[] words, DateTime oldest, DateTime end,
        CancellationToken ct)
    {
        var text = (string)content.Value;
        var rest = Without(filter!, content);
        var found = new HashSet<string>(StringComparer.Ordinal);
        // Log events keep their own clocks: traces that match through them join the candidates whatever their time, or,
        // when there are too many to list, are checked per trace.
        var logMatches = await CandidateTracesAsync(query.ProjectId, text, from: null, ct);
        found.UnionWith(logMatches ?? []);
        var orLogContent = logMatches is null ? text : null;

        DateTime? below = null;
        var rows = new List<TraceSummary>();
        var completeFrom = end;
        var page = query.Limit + 1;
        var (read, count) = (0, page);
        for (var step = 0; step < WalkSteps; step++)
        {
            var (spans, last) = await NewestMatchingSpansAsync(query.ProjectId, text, words, oldest, below, count, found, ct);
            read += spans;
            var exhausted = spans < count;
            // Spans at exactly `last` may continue past the limit: the next step reads from `last` again, inclusive.
            completeFrom = exhausted ? oldest : last.AddTicks(1);
            below = last;
            if (completeFrom < end)
            {
                rows = await ListPageAsync(query, rest, completeFrom, end, probe: false, page, ct, [.. found], orLogContent);
            }

            if (rows.Count >= page || exhausted || read >= WalkMaxPages * page)
            {
                break;
            }

            // As many more spans as the traces still missing need at the spans-per-trace seen so far (a common word
            // matches several calls of each trace), plus a quarter.
            var spansPerTrace = (double)read / Math.Max(1, found.Count);
            count = Math.Min(Math.Max((int)Math.Ceiling((page - rows.Count) * spansPerTrace * 1.25), page), WalkMaxPages * page - read);
        }

        return rows.Count >= page || completeFrom <= oldest ? (rows, null) : (rows, completeFrom < end ? completeFrom : end);
    }

    /// <summary>Adds the traces of the newest <paramref name="count"/> matching spans at or before <paramref name="below"/>; returns how many were read and the oldest one's start.</summary>
    private async Task<(int Spans, DateTime Last)> NewestMatchingSpansAsync(
        string projectId, string text, string[] words, DateTime oldest, DateTime? below, int count, HashSet<string> found, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using var cmd = new NpgsqlCommand { Connection = connection, Transaction = tx };
        // A substring test of each required word first: far cheaper than building the span's tsvector, and true for every
        // span that matches; the full-text condition then decides.
        var prefilter = string.Concat(words.Select((w, i) =>
        {
            cmd.Parameters.AddWithValue($"w{i}", w);
            return $" AND strpos(lower(coalesce(s.input, '') || ' ' || coalesce(s.output, '')), @w{i}) > 0";
        }));
        // Parallel workers take tens of milliseconds to start on a busy small box: more than the walk itself.
        cmd.CommandText =
            $"""
            SET LOCAL max_parallel_workers_per_gather = 0;
            SELECT s.trace_id, s.start_time FROM spans s
            WHERE s.project_id = @project AND s.start_time >= @oldest {(below is null ? "" : "AND s.start_time <= @below")}
              AND (s.input IS NOT NULL OR s.output IS NOT NULL){prefilter}
              AND {string.Format(CultureInfo.InvariantCulture, TraceFilterSql.SpanContentMatches, "@text")}
            ORDER BY s.start_time DESC LIMIT @count
            """;
        cmd.Parameters.AddWithValue("project", projectId);
        cmd.Parameters.AddWithValue("text", text);
        cmd.Parameters.AddWithValue("oldest", NpgsqlDbType.TimestampTz, oldest);
        if (below is { } b)
        {
            cmd.Parameters.AddWithValue("below", NpgsqlDbType.TimestampTz, b);
        }

        cmd.Parameters.AddWithValue("count", count);
        var spans = 0;
        var last = oldest;
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            found.Add(reader.GetString(0));
            last = reader.GetDateTime(1);
            spans++;
        }

        return (spans, last);
    }
}
