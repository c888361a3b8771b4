using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Observatory.Core.Alerts;
using Observatory.Storage.Alerts;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Observatory.Grains.Alerts;

/// <summary>
/// One per silo: sends alert notifications to the project's webhooks, off the grains' turns. Each webhook gets the body
/// signed with its own secret (<see cref="WebhookSignature"/>), retried with exponential backoff on a failed connection,
/// a timeout, 408, 429 or 5xx (Polly), and one row in the delivery log when its last attempt ended. Connections to
/// non-public addresses are refused at connect time too (a name may resolve elsewhere later), unless
/// <see cref="AlertOptions.AllowPrivateWebhookTargets"/>.
/// </summary>
public sealed partial class AlertNotifier : BackgroundService
{
    private readonly Channel<(AlertRule Rule, AlertEvent Event, AlertState State, DateTimeOffset At)> _queue =
        Channel.CreateUnbounded<(AlertRule, AlertEvent, AlertState, DateTimeOffset)>();

    private readonly AlertStore _store;
    private readonly AlertOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<AlertNotifier> _logger;
    private readonly HttpClient _http;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public AlertNotifier(AlertStore store, IOptions<AlertOptions> options, TimeProvider clock, ILogger<AlertNotifier> logger)
    {
        _store = store;
        _options = options.Value;
        _clock = clock;
        _logger = logger;
        var allowPrivate = _options.AllowPrivateWebhookTargets;
        _http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectCallback = (context, ct) => ConnectAsync(context, allowPrivate, ct),
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        })
        { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = Math.Max(0, _options.DeliveryRetries),
                Delay = _options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>(ex => ex.InnerException is not WebhookTargetRefusedException)
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(r => Retryable(r.StatusCode)),
                OnRetry = args =>
                {
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            })
            .AddTimeout(_options.AttemptTimeout)
            .Build();
    }

    /// <summary>Queues a notification of the rule's webhooks (by default every webhook of its project); returns at once.</summary>
    public void Enqueue(AlertRule rule, AlertEvent alertEvent, AlertState state) =>
        _queue.Writer.TryWrite((rule, alertEvent, state, _clock.GetUtcNow()));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var item in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                IReadOnlyList<WebhookDefinition> hooks;
                try
                {
                    hooks = await _store.ListWebhooksAsync(item.Rule.ProjectId, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogFailed(_logger, item.Rule.AlertId, "(all)", ex);
                    continue;
                }

                // Webhooks of one notification in parallel; notifications in order.
                await Task.WhenAll(hooks.Where(h => item.Rule.Notifies(h.WebhookId)).Select(h => DeliverAsync(item.Rule, item.Event, item.State, item.At, h, stoppingToken)));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task DeliverAsync(AlertRule rule, AlertEvent alertEvent, AlertState state, DateTimeOffset at, WebhookDefinition hook, CancellationToken ct)
    {
        var body = AlertNotification.Build(rule, alertEvent, state, hook.Format, _options.PublicBaseUrl);
        var signature = WebhookSignature.Sign(hook.Secret, body);
        var attempts = new List<DeliveryAttempt>();
        var delivered = false;
        try
        {
            using var response = await _pipeline.ExecuteAsync(
                async token =>
                {
                    var started = _clock.GetUtcNow();
                    var watch = Stopwatch.StartNew();
                    try
                    {
                        using var request = new HttpRequestMessage(HttpMethod.Post, hook.Url) { Content = new ByteArrayContent(body) };
                        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                        request.Headers.Add(WebhookSignature.Header, signature);
                        request.Headers.Add("X-Observatory-Event", alertEvent == AlertEvent.Fired ? "firing" : "resolved");
                        request.Headers.Add("X-Observatory-Delivery", $"{rule.AlertId}/{state.Firings}/{hook.WebhookId}");
                        var reply = await _http.SendAsync(request, token);
                        attempts.Add(new DeliveryAttempt(attempts.Count + 1, started, (int)reply.StatusCode, null, watch.Elapsed.TotalMilliseconds));
                        return reply;
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                    {
                        var reason = ex is HttpRequestException { InnerException: WebhookTargetRefusedException refused } ? refused.Message : ex.Message;
                        attempts.Add(new DeliveryAttempt(attempts.Count + 1, started, null, reason, watch.Elapsed.TotalMilliseconds));
                        throw;
                    }
                },
                ct);
            delivered = response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogFailed(_logger, rule.AlertId, hook.WebhookId, ex);
        }

        try
        {
            await _store.AddDeliveryAsync(rule.ProjectId, rule.AlertId, hook.WebhookId, alertEvent, state.Firings, delivered, attempts,
                Encoding.UTF8.GetString(body), at, CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogFailed(_logger, rule.AlertId, hook.WebhookId, ex);
        }
    }

    private static bool Retryable(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, bool allowPrivate, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        IPAddress[] addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        if (!allowPrivate && WebhookTargets.NonPublicReason(host, addresses) is { } reason)
        {
            throw new WebhookTargetRefusedException(reason);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A notification of alert {AlertId} to webhook {WebhookId} failed")]
    private static partial void LogFailed(ILogger logger, string alertId, string webhookId, Exception ex);
}

/// <summary>A webhook's address turned out not to be public when connecting.</summary>
public sealed class WebhookTargetRefusedException(string message) : Exception(message);
