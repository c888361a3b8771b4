using Observatory.Core.Logs;
using Observatory.Core.Spans;

namespace Observatory.Grains.Contracts;

/// <summary>
/// The silo's entry point for spans: makes a batch durable together with its trace summaries and model rollups.
/// A stateless worker, so every silo runs local activations and a gateway's call never hops silos.
/// </summary>
[Alias("observatory.IIngestGrain")]
public interface IIngestGrain : IGrainWithIntegerKey
{
    [Alias("Ingest")]
    Task<IngestReply> Ingest(string projectId, Immutable<SpanRecord[]> spans);

    /// <summary>Stores GenAI log events durably; they join their span when read, whichever arrived first.</summary>
    [Alias("IngestLogs")]
    Task<IngestReply> IngestLogs(string projectId, Immutable<LogEventRecord[]> records);
}

/// <summary>The outcome of one ingest call; <see cref="Unavailable"/> says why the batch was not stored.</summary>
[GenerateSerializer, Immutable, Alias("observatory.IngestReply")]
public sealed record IngestReply([property: Id(0)] int Accepted, [property: Id(1)] int Duplicates, [property: Id(2)] string? Unavailable);
