namespace Observatory.Core.Traces;

/// <summary>
/// Builds a trace summary from its spans in any order, counting each span id once, so late,
/// out-of-order and re-sent spans all give the same totals as one clean delivery.
/// </summary>
public sealed class TraceSummaryAccumulator(string traceId)
{
    private readonly HashSet<string> _spanIds = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _models = new(StringComparer.Ordinal);
    private TraceSpanFacts? _root;
    private TraceSpanFacts? _earliest;
    private long _start = long.MaxValue;
    private long _end = long.MinValue;
    private int _llmCalls;
    private int _errors;
    private long _inputTokens;
    private long _outputTokens;
    private decimal _cost;
    private TraceSpanFacts? _userSource;
    private TraceSpanFacts? _sessionSource;

    public string TraceId { get; } = traceId;
    public int SpanCount => _spanIds.Count;

    /// <summary>Adds a span; returns false (and changes nothing) when its id was already counted.</summary>
    public bool Add(TraceSpanFacts span)
    {
        if (!_spanIds.Add(span.SpanId))
        {
            return false;
        }

        _start = Math.Min(_start, span.StartUnixNano);
        _end = Math.Max(_end, span.EndUnixNano);
        if (span.ParentSpanId is null && (_root is null || StartsBefore(span, _root)))
        {
            _root = span;
        }

        if (_earliest is null || StartsBefore(span, _earliest))
        {
            _earliest = span;
        }

        if (span.IsError)
        {
            _errors++;
        }

        if (span.IsLlm)
        {
            _llmCalls++;
            _inputTokens += span.InputTokens ?? 0;
            _outputTokens += span.OutputTokens ?? 0;
            _cost += span.CostUsd ?? 0m;
            if (span.Model is not null)
            {
                _models.Add(span.Model);
            }
        }

        // The root's user and session win, else the earliest span that names one: the same in any arrival order.
        if (span.UserId is not null && IdentitySourcePrecedes(span, _userSource))
        {
            _userSource = span;
        }

        if (span.SessionId is not null && IdentitySourcePrecedes(span, _sessionSource))
        {
            _sessionSource = span;
        }

        return true;
    }

    private static bool IdentitySourcePrecedes(TraceSpanFacts candidate, TraceSpanFacts? current)
    {
        if (current is null)
        {
            return true;
        }

        var candidateIsRoot = candidate.ParentSpanId is null;
        if (candidateIsRoot != (current.ParentSpanId is null))
        {
            return candidateIsRoot;
        }

        return StartsBefore(candidate, current);
    }

    /// <summary>Earlier start first, span id breaking ties, so the choice never depends on arrival order.</summary>
    private static bool StartsBefore(TraceSpanFacts a, TraceSpanFacts b) =>
        a.StartUnixNano != b.StartUnixNano ? a.StartUnixNano < b.StartUnixNano : string.CompareOrdinal(a.SpanId, b.SpanId) < 0;

    /// <summary>The summary so far; null before the first span.</summary>
    public TraceSummary? ToSummary()
    {
        var head = _root ?? _earliest;
        if (head is null)
        {
            return null;
        }

        return new TraceSummary
        {
            TraceId = TraceId,
            ServiceName = head.ServiceName,
            RootSpanName = head.Name,
            HasRoot = _root is not null,
            StartUnixNano = _start,
            EndUnixNano = _end,
            SpanCount = _spanIds.Count,
            LlmCallCount = _llmCalls,
            ErrorCount = _errors,
            InputTokens = _inputTokens,
            OutputTokens = _outputTokens,
            CostUsd = _cost,
            Models = _models.ToList(),
            UserId = _userSource?.UserId,
            SessionId = _sessionSource?.SessionId,
        };
    }
}
