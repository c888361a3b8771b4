using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Observatory.Gateway.Api.Live;

/// <summary>
/// Runs one <c>text/event-stream</c> response: an opening comment once the subscription stands, each buffered stream
/// event rendered to <c>data:</c> lines, a <c>: heartbeat</c> comment every <see cref="LiveOptions.Heartbeat"/>, and an
/// <c>overflow</c> event before closing when the reader was dropped. Ends when the client leaves, the process stops or
/// the subscriber is dropped; a dropped client that does not even take the overflow event is cut off.
/// </summary>
public static class ServerSentEvents
{
    /// <summary>How long a dropped reader has to take the overflow event before the connection is aborted.</summary>
    private static readonly TimeSpan DropGrace = TimeSpan.FromSeconds(2);

    public static async Task RunAsync<T>(
        HttpContext context, LiveSubscription<T> subscription, LiveOptions options, CancellationToken stopping,
        Func<IReadOnlyList<T>, CancellationToken, Task<IEnumerable<string>>> render)
    {
        using var cut = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var ct = cut.Token;
        // A dropped reader gets the grace period to take the overflow event; then the connection is cut wherever the
        // response is (a write to a client that reads nothing may never return).
        var gate = new Lock();
        var finished = false;
        using var onDrop = subscription.Dropped.Register(() => _ = Task.Delay(DropGrace).ContinueWith(_ =>
        {
            lock (gate)
            {
                if (!finished)
                {
                    context.Abort();
                }
            }
        }, TaskScheduler.Default));
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache, no-store";
        response.Headers["X-Accel-Buffering"] = "no"; // reverse proxies: pass each event on at once
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        try
        {
            await WriteAsync(response, ": subscribed\nretry: 2000\n\n", ct);
            var nextHeartbeat = DateTime.UtcNow + options.Heartbeat;
            var batch = new List<T>();
            while (true)
            {
                bool more;
                using (var wait = CancellationTokenSource.CreateLinkedTokenSource(ct))
                {
                    wait.CancelAfter(Max(TimeSpan.Zero, nextHeartbeat - DateTime.UtcNow));
                    try
                    {
                        more = await subscription.Reader.WaitToReadAsync(wait.Token);
                    }
                    catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                    {
                        await WriteAsync(response, ": heartbeat\n\n", ct);
                        nextHeartbeat += options.Heartbeat;
                        continue;
                    }
                }

                if (!more)
                {
                    if (subscription.IsDropped)
                    {
                        await WriteAsync(response, "event: overflow\ndata: {\"reason\":\"this client read too slowly; reconnect and reload\"}\n\n", ct);
                    }

                    return;
                }

                batch.Clear();
                while (batch.Count < 1000 && subscription.Reader.TryRead(out var item))
                {
                    batch.Add(item);
                }

                var text = new StringBuilder();
                foreach (var json in await render(batch, ct))
                {
                    text.Append("data: ").Append(json).Append("\n\n");
                }

                if (text.Length > 0)
                {
                    await WriteAsync(response, text.ToString(), ct);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        finally
        {
            lock (gate)
            {
                finished = true;
            }
        }
    }

    private static async Task WriteAsync(HttpResponse response, string text, CancellationToken ct)
    {
        await response.WriteAsync(text, ct);
        await response.Body.FlushAsync(ct);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
