using Npgsql;
using Observatory.Storage.Retention;

namespace Observatory.Silo.Hosting;

/// <summary>Runs retention in the silo process only (gateways never delete): wiring for <see cref="RetentionEnforcer"/>.</summary>
public static class RetentionHosting
{
    public static IServiceCollection AddObservatoryRetention(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Retention").Get<RetentionOptions>() ?? new RetentionOptions();
        services.AddSingleton(options);
        services.AddSingleton(sp => new RetentionEnforcer(sp.GetRequiredService<NpgsqlDataSource>(), options));
        services.AddHostedService<RetentionService>();
        return services;
    }

    /// <summary>Enforces retention a minute after start, then every <see cref="RetentionOptions.Interval"/>.</summary>
    private sealed class RetentionService(RetentionEnforcer enforcer, RetentionOptions options, ILogger<RetentionService> logger) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            if (options.Interval <= TimeSpan.Zero)
            {
                return;
            }

            try
            {
                // Out of the way of start-up (migrations, membership, the first ingest).
                await Task.Delay(TimeSpan.FromMinutes(1), stoppingToken);
                using var timer = new PeriodicTimer(options.Interval);
                do
                {
                    try
                    {
                        var run = await enforcer.RunAsync(stoppingToken);
                        if (run.Ran && run.Removed.Values.Any(n => n > 0))
                        {
                            logger.LogInformation("Retention removed {Removed} ({Kind})",
                                string.Join(", ", run.Removed.Select(r => $"{r.Key}: {r.Value}")),
                                run.TimescaleDb ? "chunks on hypertables, rows elsewhere" : "rows");
                        }
                    }
                    catch (Exception ex) when (ex is NpgsqlException or TimeoutException or IOException)
                    {
                        // The next tick tries again; nothing is half done (each batch is its own transaction).
                        logger.LogWarning(ex, "Retention failed; retrying in {Interval}", options.Interval);
                    }
                }
                while (await timer.WaitForNextTickAsync(stoppingToken));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
        }
    }
}
