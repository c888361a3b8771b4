namespace Observatory.Storage.Traces;

/// <summary>Filters and keyset position for the trace list (newest first).</summary>
/// <remarks>The shorthand filters (service, model, error, time) and <see cref="Filter"/> all apply (AND).</remarks>
public sealed record TraceListQuery
{
    public required string ProjectId { get; init; }

    /// <summary>Any further filter, e.g. from the list's query parameters or a search body.</summary>
    public TraceFilter? Filter { get; init; }

    public string? Service { get; init; }
    public string? Model { get; init; }

    /// <summary>True: only traces with an error; false: only traces without; null: all.</summary>
    public bool? HasError { get; init; }

    public DateTime? From { get; init; }
    public DateTime? To { get; init; }
    public int Limit { get; init; } = 50;
    public TraceCursor? After { get; init; }
}

/// <summary>The last row of a page: (start time, trace id), the keyset the next page continues below.</summary>
public sealed record TraceCursor(long StartUnixNano, string TraceId)
{
    public string Encode() => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{StartUnixNano}:{TraceId}"));

    public static TraceCursor? TryDecode(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        try
        {
            var raw = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(text));
            var colon = raw.IndexOf(':');
            if (colon <= 0 || !long.TryParse(raw.AsSpan(0, colon), out var start))
            {
                return null;
            }

            var traceId = raw[(colon + 1)..];
            return traceId.Length == 32 && traceId.All(char.IsAsciiHexDigitLower) ? new TraceCursor(start, traceId) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>One page of trace summaries and the cursor of the next page, if any.</summary>
public sealed record TracePage(IReadOnlyList<Core.Traces.TraceSummary> Traces, TraceCursor? Next);
