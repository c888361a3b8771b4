using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.Channels;

namespace Observatory.EndToEnd.Tests.Live;

/// <summary>
/// A Server-Sent Events client as a browser's would read: it parses the stream into comments and events in the
/// background; tests wait for what they expect with a deadline. Open returns once the server's opening comment arrived,
/// i.e. once the subscription stands.
/// </summary>
public sealed class SseConnection : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<SseMessage> _messages = Channel.CreateUnbounded<SseMessage>();
    private readonly Task _reading;

    private SseConnection(HttpResponseMessage response)
    {
        _response = response;
        _reading = Task.Run(ReadAsync);
    }

    public HttpResponseMessage Response => _response;

    /// <summary>True once the server said it dropped this client (an <c>overflow</c> event).</summary>
    public bool WasDropped { get; private set; }

    public static async Task<SseConnection> OpenAsync(HttpClient client, string path, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var connection = new SseConnection(response);
        if (response.IsSuccessStatusCode)
        {
            var first = await connection.NextAsync(TimeSpan.FromSeconds(10), _ => true);
            Assert.Equal(": subscribed", first?.Comment);
        }

        return connection;
    }

    /// <summary>The next message (comment or event) that satisfies the predicate, skipping others; null at the deadline or the stream's end.</summary>
    public async Task<SseMessage?> NextAsync(TimeSpan timeout, Func<SseMessage, bool> predicate)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            while (await _messages.Reader.WaitToReadAsync(deadline.Token))
            {
                while (_messages.Reader.TryRead(out var message))
                {
                    if (predicate(message))
                    {
                        return message;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
        }

        return null;
    }

    /// <summary>The next data event whose JSON satisfies the predicate.</summary>
    public async Task<JsonElement?> NextDataAsync(TimeSpan timeout, Func<JsonElement, bool> predicate)
    {
        var message = await NextAsync(timeout, m => m.Event == "message" && m.Data is { } d && predicate(d));
        return message?.Data;
    }

    /// <summary>Every message received so far and not yet taken.</summary>
    public List<SseMessage> Drain()
    {
        var all = new List<SseMessage>();
        while (_messages.Reader.TryRead(out var message))
        {
            all.Add(message);
        }

        return all;
    }

    private async Task ReadAsync()
    {
        try
        {
            using var reader = new StreamReader(await _response.Content.ReadAsStreamAsync(_stop.Token));
            string? eventName = null;
            var data = new List<string>();
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    WasDropped |= eventName == "overflow";
                    if (data.Count > 0)
                    {
                        _messages.Writer.TryWrite(new SseMessage(eventName ?? "message", JsonDocument.Parse(string.Join('\n', data)).RootElement.Clone(), null));
                    }

                    (eventName, data) = (null, []);
                }
                else if (line.StartsWith(':'))
                {
                    _messages.Writer.TryWrite(new SseMessage(null, null, line));
                }
                else if (line.StartsWith("event:", StringComparison.Ordinal))
                {
                    eventName = line["event:".Length..].Trim();
                }
                else if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    data.Add(line["data:".Length..].TrimStart());
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or HttpRequestException or ObjectDisposedException)
        {
        }
        catch (ArgumentException) when (_stop.IsCancellationRequested)
        {
            // Disposed (e.g. a refused request's connection) before the body was opened: "Stream was not readable".
        }
        finally
        {
            _messages.Writer.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _response.Dispose();
        await _reading;
        _stop.Dispose();
    }
}

/// <summary>An event (<see cref="Event"/> and its JSON <see cref="Data"/>) or a comment line (<see cref="Comment"/>).</summary>
public sealed record SseMessage(string? Event, JsonElement? Data, string? Comment);
