using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace Observatory.Storage.Traces;

/// <summary>
/// A WHERE condition over <c>traces t</c> (alias <see cref="TraceFilterSql.TraceAlias"/>) and the parameters it binds.
/// Parameters are fresh per build: add them to exactly one command.
/// </summary>
public sealed record TraceWhereClause(string Sql, IReadOnlyList<NpgsqlParameter> Parameters)
{
    public void AddParametersTo(NpgsqlCommand command)
    {
        foreach (var parameter in Parameters)
        {
            command.Parameters.Add(parameter);
        }
    }
}

/// <summary>
/// Turns a <see cref="TraceFilter"/> into SQL over <c>traces t</c>, always scoped to one project. Field names come from
/// a closed enum mapped by a switch, and every value is a bound parameter (named <c>@tf_N</c>, so callers can add their
/// own parameters beside them): nothing a caller sends is ever spliced into the SQL text.
/// </summary>
/// <remarks>
/// Trace-level fields read the <c>traces</c> columns. Provider, operation and span attributes match when <em>any</em>
/// span of the trace matches (an EXISTS probing the spans primary key), and <c>ne</c> is always the negation of
/// <c>eq</c> ("no span has it"). Content is full-text search (<c>websearch_to_tsquery('simple', …)</c>) over span
/// input/output and GenAI log-event content, using the expression indexes of migration 0202; the expressions below must
/// stay identical to the indexed ones or PostgreSQL will not use the indexes.
/// </remarks>
public static class TraceFilterSql
{
    /// <summary>The alias the condition uses for the <c>traces</c> table: <c>FROM traces t</c>.</summary>
    public const string TraceAlias = "t";

    private const string SpansOfTrace = "SELECT 1 FROM spans s WHERE s.project_id = t.project_id AND s.trace_id = t.trace_id";

    internal const string SpanContentMatches =
        "(s.input IS NOT NULL OR s.output IS NOT NULL) AND " +
        "to_tsvector('simple'::regconfig, coalesce(s.input, '') || ' ' || coalesce(s.output, '')) @@ websearch_to_tsquery('simple'::regconfig, {0})";

    internal const string LogContentCondition =
        "(l.input_part IS NOT NULL OR l.output_part IS NOT NULL) AND " +
        "to_tsvector('simple'::regconfig, coalesce(l.input_part, '') || ' ' || coalesce(l.output_part, '')) @@ websearch_to_tsquery('simple'::regconfig, {0})";

    private const string LogContentMatches =
        "SELECT 1 FROM log_events l WHERE l.project_id = t.project_id AND l.trace_id = t.trace_id AND " + LogContentCondition;

    /// <summary>The condition "belongs to <paramref name="projectId"/> and matches <paramref name="filter"/>" (no filter: the whole project).</summary>
    public static TraceWhereClause Build(string projectId, TraceFilter? filter) => Build(projectId, filter, contentFrom: null, probeContent: false);

    /// <summary>
    /// As <see cref="Build(string, TraceFilter?)"/>; with <paramref name="contentFrom"/>, full-text conditions only look at
    /// spans from that time on, so the content and time indexes can be combined for one window of traces (a trace's
    /// spans never start before the trace does).
    /// </summary>
    /// <param name="probeContent">
    /// True: match content per span of each candidate trace instead of through the full-text index — for a narrow window
    /// and a common word, checking the newest traces one by one stops after a page, where the index would list millions.
    /// </param>
    public static TraceWhereClause Build(string projectId, TraceFilter? filter, DateTime? contentFrom, bool probeContent)
    {
        ArgumentException.ThrowIfNullOrEmpty(projectId);
        var builder = new Builder(contentFrom, probeContent);
        var sql = new StringBuilder("t.project_id = ").Append(builder.Bind(projectId, NpgsqlDbType.Text));
        if (filter is not null)
        {
            sql.Append(" AND ");
            builder.Append(sql, filter);
        }

        return new TraceWhereClause(sql.ToString(), builder.Parameters);
    }

    /// <summary>A LIKE pattern that matches <paramref name="text"/> literally (with <c>ESCAPE '\'</c>).</summary>
    public static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);

    /// <summary>True when the filter holds a full-text condition anywhere.</summary>
    public static bool HasFullText(TraceFilter? filter) => filter switch
    {
        TraceFilter.And and => and.Filters.Any(HasFullText),
        TraceFilter.Or or => or.Filters.Any(HasFullText),
        TraceFilter.Not not => HasFullText(not.Filter),
        TraceFilter.Condition c => TraceFieldKinds.KindOf(c.Field) == TraceFieldKind.FullText,
        _ => false,
    };

    private sealed class Builder(DateTime? contentFrom, bool probeContent)
    {
        public List<NpgsqlParameter> Parameters { get; } = [];

        public string Bind(object value, NpgsqlDbType type)
        {
            var name = $"tf_{Parameters.Count}";
            Parameters.Add(new NpgsqlParameter(name, type) { Value = value });
            return "@" + name;
        }

        public void Append(StringBuilder sql, TraceFilter filter)
        {
            switch (filter)
            {
                case TraceFilter.And and:
                    AppendJoined(sql, and.Filters, " AND ", "TRUE");
                    break;
                case TraceFilter.Or or:
                    AppendJoined(sql, or.Filters, " OR ", "FALSE");
                    break;
                case TraceFilter.Not not:
                    // A condition that cannot be evaluated (NULL, e.g. no user) does not match, so its negation does.
                    sql.Append("(NOT coalesce(");
                    Append(sql, not.Filter);
                    sql.Append(", false))");
                    break;
                case TraceFilter.Condition condition:
                    AppendCondition(sql, condition);
                    break;
                default:
                    throw new ArgumentException($"Unknown filter node {filter.GetType().Name}.", nameof(filter));
            }
        }

        private void AppendJoined(StringBuilder sql, IReadOnlyList<TraceFilter> filters, string separator, string empty)
        {
            if (filters.Count == 0)
            {
                sql.Append(empty);
                return;
            }

            sql.Append('(');
            for (var i = 0; i < filters.Count; i++)
            {
                if (i > 0)
                {
                    sql.Append(separator);
                }

                Append(sql, filters[i]);
            }

            sql.Append(')');
        }

        private void AppendCondition(StringBuilder sql, TraceFilter.Condition c)
        {
            var kind = TraceFieldKinds.KindOf(c.Field);
            if (!TraceFieldKinds.Accepts(kind, c.Op))
            {
                throw new ArgumentException($"Field {c.Field} does not take operator {c.Op}.");
            }

            if (c.Op == TraceFilterOp.Ne)
            {
                sql.Append("(NOT coalesce(");
                AppendPositive(sql, c with { Op = TraceFilterOp.Eq }, kind);
                sql.Append(", false))");
                return;
            }

            AppendPositive(sql, c, kind);
        }

        private void AppendPositive(StringBuilder sql, TraceFilter.Condition c, TraceFieldKind kind)
        {
            switch (kind)
            {
                case TraceFieldKind.Text:
                    AppendText(sql, c);
                    break;
                case TraceFieldKind.Status:
                    AppendStatus(sql, c);
                    break;
                case TraceFieldKind.FullText:
                    var query = Bind(Text(c.Value), NpgsqlDbType.Text);
                    var (spanMatch, logMatch) = (SpanContentMatches, LogContentMatches);
                    string spansFrom;
                    if (probeContent)
                    {
                        // Appending '' keeps the meaning but no longer matches the indexed expression, so the planner probes.
                        spanMatch = spanMatch.Replace("coalesce(s.output, '')", "coalesce(s.output, '') || ''", StringComparison.Ordinal);
                        logMatch = logMatch.Replace("coalesce(l.output_part, '')", "coalesce(l.output_part, '') || ''", StringComparison.Ordinal);

                        // A condition on the outer trace that is not an equality keeps PostgreSQL from turning the EXISTS into
                        // a hashed subplan, which reads every span of the window (its row estimate for a text match is far
                        // too low) instead of the few traces that fill a page: 600 ms against 5 ms at 10 M spans. Both are
                        // always true: a trace starts with its first span, and a trace id is never null.
                        spansFrom = " AND s.start_time >= t.start_time";
                        logMatch += " AND t.trace_id IS NOT NULL";
                    }
                    else
                    {
                        // Log events keep their own clocks, so only spans are bounded by the window.
                        spansFrom = contentFrom is DateTime from ? " AND s.start_time >= " + Bind(from, NpgsqlDbType.TimestampTz) : "";
                    }

                    sql.Append("(EXISTS (").Append(SpansOfTrace).Append(" AND ").AppendFormat(spanMatch, query).Append(spansFrom)
                        .Append(") OR EXISTS (").AppendFormat(logMatch, query).Append("))");
                    break;
                default:
                    AppendComparison(sql, c, kind);
                    break;
            }
        }

        private void AppendText(StringBuilder sql, TraceFilter.Condition c)
        {
            switch (c.Field)
            {
                case TraceField.Model when c.Op == TraceFilterOp.Eq:
                    // Containment, so the GIN index traces_by_model serves it.
                    sql.Append("(t.models @> ARRAY[").Append(Bind(Text(c.Value), NpgsqlDbType.Text)).Append("]::text[])");
                    break;
                case TraceField.Model when c.Op == TraceFilterOp.In:
                    sql.Append("(t.models && ").Append(Bind(TextList(c.Value), NpgsqlDbType.Array | NpgsqlDbType.Text)).Append(')');
                    break;
                case TraceField.Model:
                    sql.Append("EXISTS (SELECT 1 FROM unnest(t.models) AS m(name) WHERE ").Append(TextPredicate("m.name", c)).Append(')');
                    break;
                case TraceField.Service:
                    sql.Append(TextPredicate("t.service_name", c));
                    break;
                case TraceField.User:
                    sql.Append(TextPredicate("t.user_id", c));
                    break;
                case TraceField.Session:
                    sql.Append(TextPredicate("t.session_id", c));
                    break;
                case TraceField.Provider:
                    sql.Append("EXISTS (").Append(SpansOfTrace).Append(" AND ").Append(TextPredicate("s.provider", c)).Append(')');
                    break;
                case TraceField.Operation:
                    sql.Append("EXISTS (").Append(SpansOfTrace).Append(" AND ").Append(TextPredicate("s.operation", c)).Append(')');
                    break;
                case TraceField.Attribute:
                    if (string.IsNullOrEmpty(c.AttributeKey))
                    {
                        throw new ArgumentException("An attribute condition needs an attribute key.");
                    }

                    var key = Bind(c.AttributeKey, NpgsqlDbType.Text);
                    sql.Append("EXISTS (").Append(SpansOfTrace).Append(" AND ").Append(TextPredicate($"(s.attributes ->> {key})", c)).Append(')');
                    break;
                default:
                    throw new ArgumentException($"Field {c.Field} is not a text field.");
            }
        }

        private string TextPredicate(string column, TraceFilter.Condition c) => c.Op switch
        {
            TraceFilterOp.Eq => $"({column} = {Bind(Text(c.Value), NpgsqlDbType.Text)})",
            TraceFilterOp.In => $"({column} = ANY({Bind(TextList(c.Value), NpgsqlDbType.Array | NpgsqlDbType.Text)}))",
            TraceFilterOp.Contains => $"({column} ILIKE {Bind("%" + EscapeLike(Text(c.Value)) + "%", NpgsqlDbType.Text)} ESCAPE '\\')",
            TraceFilterOp.StartsWith => $"({column} ILIKE {Bind(EscapeLike(Text(c.Value)) + "%", NpgsqlDbType.Text)} ESCAPE '\\')",
            _ => throw new ArgumentException($"Operator {c.Op} does not apply to text."),
        };

        private static void AppendStatus(StringBuilder sql, TraceFilter.Condition c)
        {
            var statuses = c.Op == TraceFilterOp.In ? TextList(c.Value) : [Text(c.Value)];
            var parts = statuses.Distinct().Select(s => s switch
            {
                "error" => "t.error_count > 0",
                "ok" => "t.error_count = 0",
                _ => throw new ArgumentException($"Status must be 'ok' or 'error', got '{s}'."),
            }).ToList();
            sql.Append('(').AppendJoin(" OR ", parts).Append(')');
        }

        private void AppendComparison(StringBuilder sql, TraceFilter.Condition c, TraceFieldKind kind)
        {
            var column = c.Field switch
            {
                TraceField.DurationMs => "t.duration_ms",
                TraceField.CostUsd => "t.cost_usd",
                TraceField.InputTokens => "t.input_tokens",
                TraceField.OutputTokens => "t.output_tokens",
                TraceField.TotalTokens => "(t.input_tokens + t.output_tokens)",
                TraceField.SpanCount => "t.span_count",
                TraceField.ErrorCount => "t.error_count",
                TraceField.StartTime => "t.start_time",
                _ => throw new ArgumentException($"Field {c.Field} is not comparable."),
            };
            var type = kind switch
            {
                TraceFieldKind.Integer => NpgsqlDbType.Bigint,
                TraceFieldKind.Money => NpgsqlDbType.Numeric,
                TraceFieldKind.Number => NpgsqlDbType.Double,
                TraceFieldKind.Time => NpgsqlDbType.TimestampTz,
                _ => throw new ArgumentException($"Field {c.Field} is not comparable."),
            };
            if (c.Op == TraceFilterOp.In)
            {
                sql.Append('(').Append(column).Append(" = ANY(").Append(Bind(ScalarList(c.Value, kind), NpgsqlDbType.Array | type)).Append("))");
                return;
            }

            var op = c.Op switch
            {
                TraceFilterOp.Eq => "=",
                TraceFilterOp.Gt => ">",
                TraceFilterOp.Gte => ">=",
                TraceFilterOp.Lt => "<",
                TraceFilterOp.Lte => "<=",
                _ => throw new ArgumentException($"Operator {c.Op} does not apply to {c.Field}."),
            };
            sql.Append('(').Append(column).Append(' ').Append(op).Append(' ').Append(Bind(Scalar(c.Value, kind), type)).Append(')');
        }

        private static string Text(object value) => value as string ?? throw new ArgumentException($"Expected a string value, got {value.GetType().Name}.");

        private static string[] TextList(object value) => value is IEnumerable<string> list
            ? list.ToArray()
            : throw new ArgumentException($"Expected a list of strings, got {value.GetType().Name}.");

        private static object Scalar(object value, TraceFieldKind kind) => (kind, value) switch
        {
            (TraceFieldKind.Integer, long) or (TraceFieldKind.Money, decimal) or (TraceFieldKind.Number, double) => value,
            (TraceFieldKind.Time, DateTime time) => DateTime.SpecifyKind(time, DateTimeKind.Utc),
            _ => throw new ArgumentException($"A {kind} field needs a {kind} value, got {value.GetType().Name}."),
        };

        private static Array ScalarList(object value, TraceFieldKind kind) => (kind, value) switch
        {
            (TraceFieldKind.Integer, IEnumerable<long> list) => list.ToArray(),
            (TraceFieldKind.Money, IEnumerable<decimal> list) => list.ToArray(),
            (TraceFieldKind.Number, IEnumerable<double> list) => list.ToArray(),
            _ => throw new ArgumentException($"A {kind} field needs a list of {kind} values, got {value.GetType().Name}."),
        };
    }
}
