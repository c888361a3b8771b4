namespace Observatory.Storage.Export;

/// <summary>The states of an export job; <c>done</c>, <c>failed</c> and <c>cancelled</c> are final.</summary>
public static class ExportJobStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Done = "done";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static bool IsFinal(string status) => status is Done or Failed or Cancelled;
}

/// <summary>One export job as stored in <c>export_jobs</c>.</summary>
public sealed record ExportJob
{
    public required string ProjectId { get; init; }
    public required Guid JobId { get; init; }
    public required string Format { get; init; }

    /// <summary>The trace-list filters as the caller's query string (without <c>format</c>).</summary>
    public required string FilterQuery { get; init; }

    public required string Status { get; init; }
    public long RowsWritten { get; init; }
    public long? RowsEstimated { get; init; }
    public long BytesWritten { get; init; }
    public string? FilePath { get; init; }
    public string? Error { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime? StartedAt { get; init; }
    public DateTime? FinishedAt { get; init; }
}
