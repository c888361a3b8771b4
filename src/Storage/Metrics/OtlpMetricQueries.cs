using System.Text;
using Npgsql;
using Observatory.Core.Metrics;

namespace Observatory.Storage.Metrics;

/// <summary>
/// What to read of one instrument: the range, the bin width, attribute equality filters, and the series dimensions to
/// group by. A dimension is an attribute key, <c>service.name</c> (the resource's), or one of the
/// <see cref="OtlpMetricQueries"/> derived dimensions (<c>@provider</c>, <c>@model</c>).
/// </summary>
public sealed record OtlpMetricQuery(
    string ProjectId, IReadOnlyList<string> Instruments, DateTime From, DateTime To, TimeSpan Interval,
    IReadOnlyList<KeyValuePair<string, string>> Filters, IReadOnlyList<string> GroupBy)
{
    /// <summary>Where bins start; the Unix epoch (UTC) by default, so bins align across queries.</summary>
    public DateTime Origin { get; init; } = DateTime.UnixEpoch;
}

/// <summary>One bin of one group: the summed deltas (or gauge levels) and histogram totals of its points.</summary>
public sealed record OtlpMetricBin(
    string Instrument, string Kind, string Unit, IReadOnlyList<string?> Group, DateTime Time, double? ValueSum, double? ValueAvg, double? ValueMin,
    double? ValueMax, long Count, double? Sum, double? Min, double? Max, long Points);

/// <summary>The histogram buckets of one bin of one group, merged over its points (explicit and exponential alike).</summary>
public sealed record OtlpMetricBuckets(string Instrument, IReadOnlyList<string?> Group, DateTime Time, IReadOnlyList<BucketCount> Buckets);

/// <summary>An instrument seen in a project: its kind, unit, how many series and when it last reported.</summary>
public sealed record OtlpInstrumentRow(string Instrument, string Kind, string Unit, string Temporality, long Series, DateTime? LastPoint);

/// <summary>
/// The read side of the OTLP metrics signal. Points are deltas, so a bin is a plain sum; percentiles come from the
/// bins' merged histogram buckets (<see cref="HistogramQuantiles"/>), grouped in SQL per bucket layout and index.
/// </summary>
public sealed class OtlpMetricQueries(NpgsqlDataSource dataSource)
{
    /// <summary>The provider a series names: the current attribute, else the older <c>gen_ai.system</c>.</summary>
    public const string ProviderDimension = "@provider";

    /// <summary>The model a series names: the response model, else the request model.</summary>
    public const string ModelDimension = "@model";

    private const string From = """
        FROM otlp_metric_points p
        JOIN otlp_metric_series s ON s.project_id = p.project_id AND s.series_key = p.series_key
        """;

    public async Task<IReadOnlyList<OtlpInstrumentRow>> InstrumentsAsync(string projectId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            """
            SELECT s.instrument, s.kind, s.unit, s.temporality, count(*),
                   (SELECT max(p.time) FROM otlp_metric_points p WHERE p.project_id = $1 AND p.instrument = s.instrument)
            FROM otlp_metric_series s WHERE s.project_id = $1
            GROUP BY s.instrument, s.kind, s.unit, s.temporality ORDER BY s.instrument, s.kind
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = projectId });
        var rows = new List<OtlpInstrumentRow>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new OtlpInstrumentRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4),
                reader.IsDBNull(5) ? null : reader.GetDateTime(5)));
        }

        return rows;
    }

    public async Task<IReadOnlyList<OtlpMetricBin>> BinsAsync(OtlpMetricQuery query, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand();
        var groups = GroupColumns(cmd, query);
        cmd.CommandText = $"""
            SELECT p.instrument, s.kind, s.unit, date_bin(@interval, p.time, @origin) AS bin{groups},
                   sum(p.value), avg(p.value), min(p.value), max(p.value),
                   coalesce(sum(p.count), 0)::bigint, sum(p.sum), min(p.min), max(p.max), count(*)
            {From}
            WHERE {Where(cmd, query)}
            GROUP BY 1, 2, 3, 4{GroupOrdinals(query, 5)} ORDER BY 4{GroupOrdinals(query, 5)}
            """;
        var bins = new List<OtlpMetricBin>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var g = query.GroupBy.Count;
            var at = 4 + g;
            bins.Add(new OtlpMetricBin(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), ReadGroup(reader, 4, g), reader.GetDateTime(3),
                Nullable(reader, at), Nullable(reader, at + 1), Nullable(reader, at + 2), Nullable(reader, at + 3),
                reader.GetInt64(at + 4), Nullable(reader, at + 5), Nullable(reader, at + 6), Nullable(reader, at + 7), reader.GetInt64(at + 8)));
        }

        return bins;
    }

    /// <summary>
    /// Each bin's buckets as value ranges: explicit buckets by their bounds (the open first and last closed by the
    /// bin's min and max from <paramref name="bins"/>), exponential ones by their scale and index.
    /// </summary>
    public async Task<IReadOnlyList<OtlpMetricBuckets>> BucketsAsync(OtlpMetricQuery query, IReadOnlyList<OtlpMetricBin> bins, CancellationToken ct)
    {
        var key = (OtlpMetricBin b) => BinKey(b.Instrument, b.Group, b.Time);
        var extremes = bins.ToDictionary(key, b => (b.Min, b.Max));
        var merged = new Dictionary<string, (string Instrument, IReadOnlyList<string?> Group, DateTime Time, List<BucketCount> Buckets)>();
        void Add(string instrument, IReadOnlyList<string?> group, DateTime time, IEnumerable<BucketCount> buckets)
        {
            var k = BinKey(instrument, group, time);
            if (!merged.TryGetValue(k, out var entry))
            {
                merged[k] = entry = (instrument, group, time, []);
            }

            entry.Buckets.AddRange(buckets);
        }

        await using (var cmd = dataSource.CreateCommand())
        {
            cmd.CommandText = ExplicitBucketsSql(cmd, query);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var g = query.GroupBy.Count;
                var instrument = reader.GetString(0);
                var time = reader.GetDateTime(1);
                var group = ReadGroup(reader, 2, g);
                var bounds = reader.GetFieldValue<double[]>(2 + g);
                var indexes = reader.GetFieldValue<long[]>(3 + g);
                var counts = reader.GetFieldValue<long[]>(4 + g);
                var full = new long[bounds.Length + 1];
                for (var i = 0; i < indexes.Length; i++)
                {
                    full[indexes[i] - 1] = counts[i];
                }

                extremes.TryGetValue(BinKey(instrument, group, time), out var minMax);
                Add(instrument, group, time, HistogramQuantiles.Explicit(bounds, full, minMax.Min, minMax.Max));
            }
        }

        await using (var cmd = dataSource.CreateCommand())
        {
            cmd.CommandText = ExponentialBucketsSql(cmd, query);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var g = query.GroupBy.Count;
                var scale = reader.GetInt32(2 + g);
                var count = reader.GetInt64(4 + g);
                var buckets = reader.IsDBNull(3 + g)
                    ? [new BucketCount(0, 0, count)]
                    : new[] { ToRange(scale, reader.GetInt32(3 + g), count) };
                Add(reader.GetString(0), ReadGroup(reader, 2, g), reader.GetDateTime(1), buckets);
            }
        }

        return [.. merged.Values.Select(m => new OtlpMetricBuckets(m.Instrument, m.Group, m.Time, m.Buckets))];
    }

    private static BucketCount ToRange(int scale, int index, long count)
    {
        var (lower, upper) = ExponentialBuckets.BucketRange(scale, index);
        return new BucketCount(lower, upper, count);
    }

    private static string ExplicitBucketsSql(NpgsqlCommand cmd, OtlpMetricQuery query) => $"""
        SELECT u.instrument, u.bin{GroupNames(query, "u.")}, u.bounds, array_agg(u.i ORDER BY u.i), array_agg(u.c ORDER BY u.i)
        FROM (
            SELECT p.instrument, date_bin(@interval, p.time, @origin) AS bin{GroupColumns(cmd, query)}, p.bounds, u.i, sum(u.c)::bigint AS c
            {From}
            CROSS JOIN LATERAL unnest(p.bucket_counts) WITH ORDINALITY AS u(c, i)
            WHERE {Where(cmd, query)} AND p.bucket_counts IS NOT NULL
            GROUP BY 1, 2{GroupOrdinals(query, 3)}, p.bounds, u.i
        ) AS u
        GROUP BY u.instrument, u.bin{GroupNames(query, "u.")}, u.bounds
        """;

    private static string ExponentialBucketsSql(NpgsqlCommand cmd, OtlpMetricQuery query)
    {
        var groups = GroupColumns(cmd, query);
        var where = Where(cmd, query);
        return $"""
            SELECT p.instrument, date_bin(@interval, p.time, @origin) AS bin{groups}, p.scale, (p.positive_offset + u.i - 1)::int, sum(u.c)::bigint
            {From}
            CROSS JOIN LATERAL unnest(p.positive_counts) WITH ORDINALITY AS u(c, i)
            WHERE {where} AND p.positive_counts IS NOT NULL
            GROUP BY 1, 2{GroupOrdinals(query, 3)}, p.scale, p.positive_offset + u.i - 1
            UNION ALL
            SELECT p.instrument, date_bin(@interval, p.time, @origin) AS bin{groups}, p.scale, NULL::int, sum(p.zero_count)::bigint
            {From}
            WHERE {where} AND p.zero_count > 0
            GROUP BY 1, 2{GroupOrdinals(query, 3)}, p.scale
            """;
    }

    /// <summary>The WHERE clause (parameters added once per command).</summary>
    private static string Where(NpgsqlCommand cmd, OtlpMetricQuery query)
    {
        if (!cmd.Parameters.Contains("project"))
        {
            cmd.Parameters.AddWithValue("project", query.ProjectId);
            cmd.Parameters.AddWithValue("instruments", query.Instruments.ToArray());
            cmd.Parameters.AddWithValue("from", DateTime.SpecifyKind(query.From, DateTimeKind.Utc));
            cmd.Parameters.AddWithValue("to", DateTime.SpecifyKind(query.To, DateTimeKind.Utc));
            cmd.Parameters.AddWithValue("interval", query.Interval);
            cmd.Parameters.AddWithValue("origin", DateTime.SpecifyKind(query.Origin, DateTimeKind.Utc));
            for (var i = 0; i < query.Filters.Count; i++)
            {
                cmd.Parameters.AddWithValue($"fk{i}", query.Filters[i].Key);
                cmd.Parameters.AddWithValue($"fv{i}", query.Filters[i].Value);
            }
        }

        var sql = new StringBuilder("p.project_id = @project AND p.instrument = ANY(@instruments) AND p.time >= @from AND p.time < @to");
        for (var i = 0; i < query.Filters.Count; i++)
        {
            // Compared as text, so a number or bool attribute (server.port=443) matches its spelling in the query.
            sql.Append($" AND {Dimension(cmd, query.Filters[i].Key, $"fk{i}")} = @fv{i}");
        }

        return sql.ToString();
    }

    private static string GroupColumns(NpgsqlCommand cmd, OtlpMetricQuery query) =>
        string.Concat(query.GroupBy.Select((key, i) => $", {Dimension(cmd, key, $"gk{i}")} AS g{i}"));

    private static string GroupNames(OtlpMetricQuery query, string prefix) =>
        string.Concat(query.GroupBy.Select((_, i) => $", {prefix}g{i}"));

    private static string GroupOrdinals(OtlpMetricQuery query, int first) =>
        string.Concat(query.GroupBy.Select((_, i) => $", {first + i}"));

    /// <summary>The SQL for one dimension; attribute keys travel as parameters, never as SQL text.</summary>
    private static string Dimension(NpgsqlCommand cmd, string key, string parameter)
    {
        switch (key)
        {
            case "service.name":
                return "s.service_name";
            case ProviderDimension:
                return "coalesce(s.attributes ->> 'gen_ai.provider.name', s.attributes ->> 'gen_ai.system')";
            case ModelDimension:
                return "coalesce(s.attributes ->> 'gen_ai.response.model', s.attributes ->> 'gen_ai.request.model')";
            default:
                if (!cmd.Parameters.Contains(parameter))
                {
                    cmd.Parameters.AddWithValue(parameter, key);
                }

                return $"(s.attributes ->> @{parameter})";
        }
    }

    private static IReadOnlyList<string?> ReadGroup(NpgsqlDataReader reader, int first, int count)
    {
        var group = new string?[count];
        for (var i = 0; i < count; i++)
        {
            group[i] = reader.IsDBNull(first + i) ? null : reader.GetString(first + i);
        }

        return group;
    }

    private static double? Nullable(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);

    private static string BinKey(string instrument, IReadOnlyList<string?> group, DateTime time) =>
        $"{instrument}\u0001{time.Ticks}\u0001{string.Join('\u0001', group.Select(g => g ?? "\u0002"))}";
}
