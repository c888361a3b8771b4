using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Observatory.TestSupport;

namespace Observatory.EndToEnd.Tests.Alerts;

/// <summary>
/// A real HTTP server (Kestrel) on loopback that records every webhook POST per path. A path may be told to fail its
/// first N requests with 503, to exercise the product's retries.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _failuresLeft = new();

    public sealed record Received(string Path, byte[] Body, string? Signature, string? Event, DateTimeOffset At);

    public ConcurrentQueue<Received> Requests { get; } = new();

    public int Port { get; }

    private WebhookReceiver(int port)
    {
        Port = port;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/{**path}", async (HttpContext context) =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            var path = context.Request.Path.Value ?? "/";
            Requests.Enqueue(new Received(path, buffer.ToArray(), context.Request.Headers["X-Observatory-Signature"].FirstOrDefault(),
                context.Request.Headers["X-Observatory-Event"].FirstOrDefault(), DateTimeOffset.UtcNow));
            if (_failuresLeft.TryGetValue(path, out var left) && left > 0)
            {
                _failuresLeft[path] = left - 1;
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }

            return Results.Ok();
        });
    }

    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver(FreePort.Next(1)[0]);
        await receiver._app.StartAsync();
        return receiver;
    }

    public string Url(string path) => $"http://127.0.0.1:{Port}/{path}";

    public void FailFirst(string path, int count) => _failuresLeft["/" + path] = count;

    public IReadOnlyList<Received> At(string path) => [.. Requests.Where(r => r.Path == "/" + path)];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
