using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace Observatory.Gateway.Api.Live;

/// <summary>
/// The process's one Orleans subscription per live stream (project and kind), shared by all its SSE subscribers: a
/// stream is subscribed when its first subscriber comes and unsubscribed when its last one leaves. Events are handed to
/// each subscriber's bounded buffer without waiting; a subscriber whose buffer is full is dropped (its buffer is
/// completed and <see cref="LiveSubscription{T}.Dropped"/> fires), so a slow reader costs at most its buffer.
/// </summary>
public sealed partial class LiveHub(IClusterClient client, ILogger<LiveHub> logger)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<StreamId, object> _topics = [];
    private readonly ILogger _logger = logger;
    private long _dropped;

    /// <summary>Subscribers right now, over all streams.</summary>
    public int SubscriberCount
    {
        get
        {
            lock (_gate)
            {
                return _topics.Values.Sum(t => ((ITopic)t).Count);
            }
        }
    }

    /// <summary>Subscribers dropped for reading too slowly since the process started.</summary>
    public long DroppedCount => Interlocked.Read(ref _dropped);

    /// <summary>Subscribes to the stream; returns once the Orleans subscription is in place, so no later event is missed.</summary>
    public async Task<LiveSubscription<T>> SubscribeAsync<T>(StreamId stream, int capacity, CancellationToken ct)
    {
        Topic<T> topic;
        var subscription = new LiveSubscription<T>(capacity, s => Remove(stream, s));
        lock (_gate)
        {
            if (!_topics.TryGetValue(stream, out var existing))
            {
                existing = new Topic<T>(this, stream, client.GetStreamProvider(Grains.Contracts.LiveStreams.ProviderName).GetStream<T>(stream));
                _topics[stream] = existing;
            }

            topic = (Topic<T>)existing;
            topic.Add(subscription);
        }

        try
        {
            await topic.Ready.WaitAsync(ct);
            return subscription;
        }
        catch
        {
            subscription.Dispose();
            throw;
        }
    }

    private void Remove(StreamId stream, ISubscriber subscriber)
    {
        ITopic? closing = null;
        lock (_gate)
        {
            if (_topics.TryGetValue(stream, out var existing) && ((ITopic)existing).Remove(subscriber) == 0)
            {
                _topics.Remove(stream);
                closing = (ITopic)existing;
            }
        }

        closing?.Close();
    }

    private void Drop(StreamId stream, ISubscriber subscriber)
    {
        Interlocked.Increment(ref _dropped);
        LogDropped(_logger, stream.ToString());
        subscriber.Drop();
        Remove(stream, subscriber);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dropped a live subscriber of {Stream}: it read too slowly and its buffer filled")]
    private static partial void LogDropped(ILogger logger, string stream);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live stream {Stream}: {What} failed")]
    private static partial void LogStreamFailed(ILogger logger, string stream, string what, Exception ex);

    private interface ITopic
    {
        int Count { get; }

        int Remove(ISubscriber subscriber);

        void Close();
    }

    internal interface ISubscriber
    {
        void Drop();
    }

    /// <summary>One stream's Orleans subscription and the subscribers it feeds.</summary>
    private sealed class Topic<T> : ITopic, IAsyncObserver<T>
    {
        private readonly LiveHub _hub;
        private readonly StreamId _id;
        private volatile LiveSubscription<T>[] _subscribers = [];

        public Topic(LiveHub hub, StreamId id, IAsyncStream<T> stream)
        {
            (_hub, _id) = (hub, id);
            Ready = stream.SubscribeAsync(this);
        }

        public Task<StreamSubscriptionHandle<T>> Ready { get; }

        public int Count => _subscribers.Length;

        // Called under the hub's lock.
        public void Add(LiveSubscription<T> subscriber) => _subscribers = [.. _subscribers, subscriber];

        public int Remove(ISubscriber subscriber)
        {
            _subscribers = _subscribers.Where(s => !ReferenceEquals(s, subscriber)).ToArray();
            return _subscribers.Length;
        }

        public void Close() => _ = UnsubscribeAsync();

        private async Task UnsubscribeAsync()
        {
            try
            {
                await (await Ready).UnsubscribeAsync();
            }
            catch (Exception ex)
            {
                LogStreamFailed(_hub._logger, _id.ToString(), "unsubscribing", ex);
            }
        }

        public Task OnNextAsync(T item, StreamSequenceToken? token = null)
        {
            foreach (var subscriber in _subscribers)
            {
                if (!subscriber.Offer(item))
                {
                    _hub.Drop(_id, subscriber);
                }
            }

            return Task.CompletedTask;
        }

        public Task OnCompletedAsync() => Task.CompletedTask;

        public Task OnErrorAsync(Exception ex)
        {
            LogStreamFailed(_hub._logger, _id.ToString(), "delivery", ex);
            return Task.CompletedTask;
        }
    }
}

/// <summary>One SSE subscriber's bounded buffer of stream events; disposing it unsubscribes.</summary>
public sealed class LiveSubscription<T> : LiveHub.ISubscriber, IDisposable
{
    private readonly Channel<T> _buffer;
    private readonly Action<LiveSubscription<T>> _remove;
    private readonly CancellationTokenSource _dropped = new();
    private int _disposed;

    internal LiveSubscription(int capacity, Action<LiveSubscription<T>> remove)
    {
        // Wait mode makes TryWrite refuse when full (instead of silently dropping an event), which is what drops the reader.
        _buffer = Channel.CreateBounded<T>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
        _remove = remove;
    }

    public ChannelReader<T> Reader => _buffer.Reader;

    /// <summary>Cancelled when the hub dropped this subscriber for reading too slowly; its buffer is completed then.</summary>
    public CancellationToken Dropped => _dropped.Token;

    public bool IsDropped => _dropped.IsCancellationRequested;

    /// <summary>False only when the buffer is full: a subscriber that left or was dropped already takes anything.</summary>
    internal bool Offer(T item) => _buffer.Writer.TryWrite(item) || IsDropped || Volatile.Read(ref _disposed) == 1;

    void LiveHub.ISubscriber.Drop()
    {
        _buffer.Writer.TryComplete();
        _dropped.Cancel();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _buffer.Writer.TryComplete();
            _remove(this);
        }
    }
}
