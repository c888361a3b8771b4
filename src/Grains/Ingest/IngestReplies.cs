using Observatory.Core.Ingest;
using Observatory.Grains.Contracts;

namespace Observatory.Grains.Ingest;

/// <summary>The answer every ingest grain gives for one durable write of a batch.</summary>
internal static class IngestReplies
{
    /// <summary>
    /// Runs <paramref name="write"/>, which returns how many of the <paramref name="count"/> records it stored as new;
    /// the rest were stored before. A store that cannot take the batch is answered with its reason, not thrown:
    /// third-party and unknown exception types don't cross grain calls well.
    /// </summary>
    public static async Task<IngestReply> WriteAsync(int count, Func<Task<int>> write)
    {
        try
        {
            var inserted = await write();
            return new IngestReply(inserted, count - inserted, null);
        }
        catch (IngestUnavailableException ex)
        {
            return new IngestReply(0, 0, ex.Message);
        }
    }
}
