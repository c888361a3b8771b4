using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Observatory.Web.Redis;

/// <summary>
/// The optional Redis behind rate limits and the query cache (<c>ConnectionStrings:Redis</c>). Callers ask
/// <see cref="TryGetDatabase"/> and work without Redis when it answers null: not configured, not connected yet, or
/// skipped for <c>Redis:RetrySeconds</c> after a failure, so a dead Redis costs a request at most one short timeout.
/// </summary>
public sealed class ObservatoryRedis : IAsyncDisposable
{
    private readonly ILogger<ObservatoryRedis> _logger;
    private readonly Task<ConnectionMultiplexer>? _connecting;
    private readonly long _retryTicks;
    private long _skipUntil;

    public ObservatoryRedis(IConfiguration configuration, ILogger<ObservatoryRedis> logger, TimeProvider time)
    {
        _logger = logger;
        Time = time;
        KeyPrefix = configuration["Redis:KeyPrefix"] is { Length: > 0 } prefix ? prefix : "obs:";
        _retryTicks = TimeSpan.FromSeconds(configuration.GetValue("Redis:RetrySeconds", 5.0)).Ticks;
        var connectionString = configuration.GetConnectionString("Redis");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return;
        }

        var timeout = configuration.GetValue("Redis:TimeoutMs", 250);
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = Math.Max(timeout * 4, 1000);
        options.AsyncTimeout = timeout;
        options.SyncTimeout = timeout;
        // While disconnected, fail at once instead of queueing commands until they time out.
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ReconnectRetryPolicy = new LinearRetry(1000);
        options.ClientName ??= "observatory";
        Endpoint = string.Join(",", options.EndPoints.Select(e => e.ToString()));
        _connecting = ConnectionMultiplexer.ConnectAsync(options);
    }

    /// <summary>True when <c>ConnectionStrings:Redis</c> is set, whether or not Redis answers.</summary>
    public bool IsConfigured => _connecting is not null;

    /// <summary>Prefix of every key this process writes (<c>Redis:KeyPrefix</c>, default <c>obs:</c>).</summary>
    public string KeyPrefix { get; }

    public string? Endpoint { get; }

    internal TimeProvider Time { get; }

    /// <summary>The database when Redis is usable right now; null means "go on without Redis".</summary>
    public IDatabase? TryGetDatabase()
    {
        if (_connecting is not { IsCompletedSuccessfully: true } || Time.GetUtcNow().UtcTicks < Interlocked.Read(ref _skipUntil))
        {
            return null;
        }

        var connection = _connecting.Result;
        return connection.IsConnected ? connection.GetDatabase() : null;
    }

    /// <summary>A Redis call failed: skip Redis for <c>Redis:RetrySeconds</c> so requests don't wait on it again.</summary>
    public void ReportFailure(Exception exception)
    {
        var until = Time.GetUtcNow().UtcTicks + _retryTicks;
        if (Interlocked.Exchange(ref _skipUntil, until) < Time.GetUtcNow().UtcTicks)
        {
            _logger.LogWarning("Redis at {Endpoint} failed ({Problem}); going on without it for {Seconds} s", Endpoint, exception.Message,
                TimeSpan.FromTicks(_retryTicks).TotalSeconds);
        }
    }

    /// <summary>Round trip to Redis for the health check, not subject to the skip window.</summary>
    public async Task<TimeSpan> PingAsync()
    {
        if (_connecting is null)
        {
            throw new InvalidOperationException("Redis is not configured");
        }

        if (!_connecting.IsCompleted)
        {
            throw new InvalidOperationException($"still connecting to Redis at {Endpoint}");
        }

        var connection = await _connecting;
        if (!connection.IsConnected)
        {
            throw new InvalidOperationException($"Redis at {Endpoint} is unreachable");
        }

        return await connection.GetDatabase().PingAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_connecting is { IsCompletedSuccessfully: true })
        {
            await _connecting.Result.DisposeAsync();
        }
    }
}
