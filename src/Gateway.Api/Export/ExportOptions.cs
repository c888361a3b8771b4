namespace Observatory.Gateway.Api.Export;

/// <summary>Settings of export jobs (section <c>Export</c>).</summary>
public sealed class ExportOptions
{
    /// <summary>Where finished export files are kept; a folder under the system temp folder by default.</summary>
    public string Directory { get; set; } = Path.Combine(Path.GetTempPath(), "observatory-exports");

    /// <summary>Jobs waiting to run in this process; past it <c>POST /exports</c> answers 503.</summary>
    public int QueueCapacity { get; set; } = 32;

    /// <summary>Jobs that run at once in this process; 0 pauses exports (jobs are accepted and wait in the queue).</summary>
    public int Concurrency { get; set; } = 2;

    /// <summary>How long a finished file is kept before it and its job are removed.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);
}
