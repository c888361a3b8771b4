using Orleans.Runtime.Providers;

namespace Observatory.Grains.Live;

/// <summary>
/// How long a live stream's pulling agent waits after a failed read of its queue or a failed delivery to a subscriber:
/// 200 ms, doubling up to 2 s. A memory stream queue is a grain: when its silo dies, the agent's pending read fails once
/// the silo is declared dead, and the next read activates the queue on a live silo; a delivery to a standalone API fails
/// when it went through the dead silo as the client's gateway, and the next one takes another (one already in flight
/// there is not failed but waits out the 30 s response timeout, which no backoff shortens). Orleans' defaults wait
/// 10–20 s before that next read and 1–30 s before that next delivery, while the stream delivers nothing (measured:
/// 14 s of silence after a kill -9). A live view should not go blank that long, and a retry is one cheap grain call.
/// </summary>
internal sealed class LiveStreamBackoff : IQueueReaderBackoffProvider, IMessageDeliveryBackoffProvider
{
    private static readonly TimeSpan First = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Longest = TimeSpan.FromSeconds(2);

    public TimeSpan Next(int attempt) => attempt >= 4 ? Longest : TimeSpan.FromTicks(First.Ticks << Math.Max(0, attempt));
}
