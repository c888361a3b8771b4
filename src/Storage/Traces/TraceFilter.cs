namespace Observatory.Storage.Traces;

/// <summary>
/// A boolean filter over traces, built by the API from query parameters or a search body and turned into SQL by
/// <see cref="TraceFilterSql"/>. Values are typed per <see cref="TraceFieldKinds.KindOf"/>; they never become SQL text.
/// </summary>
public abstract record TraceFilter
{
    /// <summary>Deepest nesting of and/or/not a filter may have (the root counts as depth 1).</summary>
    public const int MaxDepth = 10;

    /// <summary>Most nodes (and/or/not and conditions) one filter may have.</summary>
    public const int MaxNodes = 100;

    /// <summary>Most values an <see cref="TraceFilterOp.In"/> list may hold.</summary>
    public const int MaxInValues = 100;

    /// <summary>Longest text value (and attribute key) in characters.</summary>
    public const int MaxTextLength = 1000;

    private TraceFilter()
    {
    }

    /// <summary>Every child matches; an empty list matches everything.</summary>
    public sealed record And(IReadOnlyList<TraceFilter> Filters) : TraceFilter;

    /// <summary>At least one child matches; an empty list matches nothing.</summary>
    public sealed record Or(IReadOnlyList<TraceFilter> Filters) : TraceFilter;

    /// <summary>The child does not match (a condition that cannot be evaluated, such as a missing user, counts as not matching).</summary>
    public sealed record Not(TraceFilter Filter) : TraceFilter;

    /// <summary>
    /// One comparison. <paramref name="Value"/> is, per field kind: string (text, status "ok"/"error", content),
    /// long (integer), decimal (money), double (duration), DateTime UTC (time); an <c>IReadOnlyList</c> of those for
    /// <see cref="TraceFilterOp.In"/>. <paramref name="AttributeKey"/> is set only for <see cref="TraceField.Attribute"/>.
    /// </summary>
    public sealed record Condition(TraceField Field, TraceFilterOp Op, object Value, string? AttributeKey = null) : TraceFilter;

    /// <summary>
    /// The start-time range every matching trace lies in, as far as the filter's top-level AND says: [From, To), either
    /// end null when unbounded. Conditions under OR or NOT do not narrow it, so the range may be wider than the matches,
    /// never narrower.
    /// </summary>
    public static (DateTime? From, DateTime? To) StartTimeBounds(TraceFilter? filter)
    {
        DateTime? from = null, to = null;
        void Visit(TraceFilter? node)
        {
            switch (node)
            {
                case And and:
                    foreach (var child in and.Filters)
                    {
                        Visit(child);
                    }

                    break;
                case Condition { Field: TraceField.StartTime, Value: DateTime time } c:
                    if (c.Op is TraceFilterOp.Gte or TraceFilterOp.Gt or TraceFilterOp.Eq)
                    {
                        from = from is { } f && f > time ? f : time;
                    }

                    if (c.Op is TraceFilterOp.Lt or TraceFilterOp.Lte or TraceFilterOp.Eq)
                    {
                        var end = c.Op == TraceFilterOp.Lt ? time : time.AddTicks(1);
                        to = to is { } t && t < end ? t : end;
                    }

                    break;
            }
        }

        Visit(filter);
        return (from, to);
    }

    /// <summary>Shorthand for an AND of the given filters, dropping nulls; null when none are left.</summary>
    public static TraceFilter? AllOf(params TraceFilter?[] filters)
    {
        var present = filters.OfType<TraceFilter>().ToList();
        return present.Count switch
        {
            0 => null,
            1 => present[0],
            _ => new And(present),
        };
    }
}

/// <summary>What a trace filter can look at.</summary>
public enum TraceField
{
    Service,
    Model,
    Provider,
    Operation,
    User,
    Session,
    Status,
    DurationMs,
    CostUsd,
    InputTokens,
    OutputTokens,
    TotalTokens,
    SpanCount,
    ErrorCount,
    StartTime,
    Attribute,
    Content,
}

/// <summary>Comparison operators of a <see cref="TraceFilter.Condition"/>.</summary>
public enum TraceFilterOp
{
    Eq,
    Ne,
    Gt,
    Gte,
    Lt,
    Lte,
    In,
    Contains,
    StartsWith,
}

/// <summary>The value type of a field, which decides the operators it takes.</summary>
public enum TraceFieldKind
{
    /// <summary>Text: eq, ne, in, contains, startsWith (contains/startsWith are case-insensitive).</summary>
    Text,

    /// <summary>"ok" or "error": eq, ne, in.</summary>
    Status,

    /// <summary>Integer (long): eq, ne, gt, gte, lt, lte, in.</summary>
    Integer,

    /// <summary>Exact decimal: eq, ne, gt, gte, lt, lte, in.</summary>
    Money,

    /// <summary>Floating point: eq, ne, gt, gte, lt, lte, in.</summary>
    Number,

    /// <summary>UTC date-time: eq, ne, gt, gte, lt, lte.</summary>
    Time,

    /// <summary>Full-text search (web-search syntax) over prompts and completions: contains only.</summary>
    FullText,
}

/// <summary>Field kinds and the operators each accepts.</summary>
public static class TraceFieldKinds
{
    public static TraceFieldKind KindOf(TraceField field) => field switch
    {
        TraceField.Service or TraceField.Model or TraceField.Provider or TraceField.Operation or TraceField.User or
            TraceField.Session or TraceField.Attribute => TraceFieldKind.Text,
        TraceField.Status => TraceFieldKind.Status,
        TraceField.InputTokens or TraceField.OutputTokens or TraceField.TotalTokens or TraceField.SpanCount or
            TraceField.ErrorCount => TraceFieldKind.Integer,
        TraceField.CostUsd => TraceFieldKind.Money,
        TraceField.DurationMs => TraceFieldKind.Number,
        TraceField.StartTime => TraceFieldKind.Time,
        TraceField.Content => TraceFieldKind.FullText,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };

    public static bool Accepts(TraceFieldKind kind, TraceFilterOp op) => kind switch
    {
        TraceFieldKind.Text => op is TraceFilterOp.Eq or TraceFilterOp.Ne or TraceFilterOp.In or TraceFilterOp.Contains or TraceFilterOp.StartsWith,
        TraceFieldKind.Status => op is TraceFilterOp.Eq or TraceFilterOp.Ne or TraceFilterOp.In,
        TraceFieldKind.Integer or TraceFieldKind.Money or TraceFieldKind.Number =>
            op is not (TraceFilterOp.Contains or TraceFilterOp.StartsWith),
        TraceFieldKind.Time => op is not (TraceFilterOp.In or TraceFilterOp.Contains or TraceFilterOp.StartsWith),
        TraceFieldKind.FullText => op is TraceFilterOp.Contains,
        _ => false,
    };
}
