using Npgsql;
using Observatory.Core.Traces;
using Observatory.Storage.Traces;
using Observatory.TestSupport;

namespace Observatory.Storage.Tests;

/// <summary>
/// Full-text search takes shortcuts: a rare word reads its posting list, any other word walks its matching spans newest
/// first. Both must page exactly like the plain path (traces checked one by one, then the index in windows), whatever
/// the word, with the newest traffic carrying no content, a match only in a log event, and a match in a span long after
/// its trace started.
/// </summary>
public sealed class ContentSearchPathTests
{
    private const string Project = "p";

    [Fact]
    public async Task Every_search_path_pages_the_same_traces_as_the_plain_path()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        await SeedAsync(db);
        await using var dataSource = NpgsqlDataSource.Create(db.ConnectionString);
        var shortcuts = new TraceQueries(dataSource);
        var walkOnly = new TraceQueries(dataSource) { PostingListTraceCap = 0 };
        var plain = new TraceQueries(dataSource) { ContentShortcuts = false };

        foreach (var text in new[] { "common", "medium", "\"refund policy\"", "rareword", "nosuchword", "logonly", "lateword", "common -medium", "medium or rareword" })
        {
            foreach (var service in new string?[] { null, "svc-1" })
            {
                var expected = await AllPagesAsync(plain, text, service);
                Assert.Equal(await ExpectedCountAsync(db, text, service), expected.Count);
                Assert.Equal(expected, await AllPagesAsync(shortcuts, text, service));
                Assert.Equal(expected, await AllPagesAsync(walkOnly, text, service));
            }
        }
    }

    [Theory]
    [InlineData("'refund' <-> 'policy'", new[] { "refund", "policy" })]
    [InlineData("'grüße' & 'order'", new[] { "order" })]
    [InlineData("'order' | 'refund'", new string[0])]
    [InlineData("'order' & !'refund'", new string[0])]
    [InlineData("'don''t' & 'x1'", new[] { "x1" })]
    public void Required_words_are_the_plain_ascii_lexemes_of_and_only_queries(string tsquery, string[] words) =>
        Assert.Equal(words, TraceQueries.RequiredWords(tsquery));

    private static async Task<List<string>> AllPagesAsync(TraceQueries queries, string text, string? service)
    {
        var ids = new List<string>();
        TraceCursor? cursor = null;
        do
        {
            var page = await queries.ListAsync(new TraceListQuery
            {
                ProjectId = Project,
                Service = service,
                Filter = new TraceFilter.Condition(TraceField.Content, TraceFilterOp.Contains, text),
                Limit = 7,
                After = cursor,
            }, CancellationToken.None);
            ids.AddRange(page.Traces.Select(t => t.TraceId));
            cursor = page.Next;
        }
        while (cursor is not null);

        return ids;
    }

    /// <summary>The matches straight from the definition, to show the plain path is the right reference.</summary>
    private static Task<long> ExpectedCountAsync(PostgresTestDatabase db, string text, string? service) => db.ScalarAsync<long>(
        """
        SELECT count(*) FROM traces t WHERE t.project_id = $1 AND ($3 = '' OR t.service_name = $3) AND (
            EXISTS (SELECT 1 FROM spans s WHERE s.project_id = t.project_id AND s.trace_id = t.trace_id
                    AND to_tsvector('simple', coalesce(s.input, '') || ' ' || coalesce(s.output, '')) @@ websearch_to_tsquery('simple', $2))
            OR EXISTS (SELECT 1 FROM log_events l WHERE l.project_id = t.project_id AND l.trace_id = t.trace_id
                    AND to_tsvector('simple', coalesce(l.input_part, '') || ' ' || coalesce(l.output_part, '')) @@ websearch_to_tsquery('simple', $2)))
        """, Project, text, service ?? "");

    /// <summary>
    /// 2,400 traces a minute apart over the last 40 hours, four spans each (two model calls with content); the newest 700
    /// traces have no content at all. "common" is in every prompt, "medium" in every tenth trace, the phrase in every
    /// 37th, "rareword" in three traces, "logonly" only in a log event, and "lateword" in a call made 30 hours after its
    /// trace started. Another project holds every word too.
    /// </summary>
    private static async Task SeedAsync(PostgresTestDatabase db)
    {
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            """
            CREATE TEMP TABLE seed AS
            SELECT p AS project_id, i, md5(p || i) AS trace_id,
                   now() - interval '40 hours' + i * interval '1 minute' AS start_time, 'svc-' || (i % 3) AS service
            FROM generate_series(0, 2399) i, (VALUES ('p'), ('other')) AS projects(p);

            INSERT INTO traces (project_id, trace_id, service_name, root_span_name, has_root, start_time, end_time, duration_ms,
                                span_count, llm_call_count, error_count, input_tokens, output_tokens, cost_usd, models)
            SELECT project_id, trace_id, service, 'root', true, start_time,
                   start_time + CASE WHEN i = 100 THEN interval '30 hours' ELSE interval '5 seconds' END, 5000, 4, 2, 0, 0, 0, 0, '{}'
            FROM seed;
            INSERT INTO trace_keys (project_id, trace_id, start_time) SELECT project_id, trace_id, start_time FROM seed;

            INSERT INTO spans (project_id, trace_id, span_id, name, kind, service_name, start_time, end_time, start_unix_nano,
                               end_unix_nano, status, is_llm, attributes, resource_attributes, events, input, output)
            SELECT project_id, trace_id, lpad(to_hex(n), 16, '0'), 'span', 1, service, st, st + interval '1 second',
                   (extract(epoch FROM st) * 1e9)::bigint, (extract(epoch FROM st) * 1e9)::bigint + 1000000000, 0, n IN (1, 2),
                   '{}', '{}', '[]',
                   CASE WHEN n IN (1, 2) AND i < 1700 THEN
                       'Common question ' || CASE WHEN i % 10 = 0 THEN 'medium ' ELSE '' END
                       || CASE WHEN i % 37 = 0 AND n = 2 THEN 'about the refund policy ' ELSE 'policy of refund ' END
                       || CASE WHEN i IN (3, 900, 1650) AND n = 1 THEN 'RareWord' ELSE '' END END,
                   CASE WHEN n = 2 AND i < 1700 THEN 'an answer' END
            FROM seed, generate_series(0, 3) n, LATERAL (SELECT start_time + n * interval '1 second' AS st) t;

            -- A call 30 hours into trace 100 (it started 40 hours ago): its span is newer than most traces.
            INSERT INTO spans (project_id, trace_id, span_id, name, kind, service_name, start_time, end_time, start_unix_nano,
                               end_unix_nano, status, is_llm, attributes, resource_attributes, events, input)
            SELECT project_id, trace_id, 'ffffffffffffffff', 'late call', 1, service, start_time + interval '30 hours',
                   start_time + interval '30 hours', 0, 0, 0, true, '{}', '{}', '[]', 'a lateword here'
            FROM seed WHERE i = 100;

            INSERT INTO log_events (project_id, trace_id, span_id, record_hash, time_unix_nano, severity_number, attributes, input_part)
            SELECT project_id, trace_id, '0000000000000001', 'h', 0, 9, '{}', 'only a logonly event' FROM seed WHERE i = 1200;
            ANALYZE spans; ANALYZE traces; ANALYZE log_events;
            """, connection);
        await cmd.ExecuteNonQueryAsync();
    }
}
