using Observatory.Gateway.Api.Hosting;
using Observatory.Gateway.Otlp;
using Observatory.Grains;
using Observatory.Grains.Client;
using Observatory.Storage;
using Observatory.Web;
using Observatory.Web.Auth;
using Observatory.Web.Health;
using Observatory.Web.Telemetry;
using Orleans.Dashboard;

namespace Observatory.Silo.Hosting;

/// <summary>Builds the silo process: wiring only, each concern in its own extension.</summary>
public static class ObservatoryApp
{
    public static WebApplication Create(string[] args)
    {
        // Content root is the binary's folder, so appsettings.json is found whatever the working directory.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        var configuration = builder.Configuration;
        var allInOne = SiloMode.IsAllInOne(configuration);
        var connectionString = configuration.GetConnectionString("Observatory")
            ?? throw new InvalidOperationException("ConnectionStrings:Observatory is not set (environment: ConnectionStrings__Observatory).");

        if (allInOne)
        {
            // One command on a laptop: the schema is brought up to date before anything listens.
            DatabaseMigrator.Migrate(connectionString);
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(ApiHostingExtensions.BindAddress(configuration["Silo:BindAddress"]), SiloMode.HttpPort(configuration));
            if (allInOne)
            {
                kestrel.ConfigureOtlpKestrel(configuration);
                kestrel.ListenApi(configuration);
            }
        });

        builder.Services.AddObservatoryWriters();
        builder.Services.AddObservatoryRetention(configuration);
        builder.Services.AddObservatoryMetrics();
        builder.UseObservatorySilo(connectionString);
        if (allInOne)
        {
            builder.Services.AddObservatoryApi(configuration);
            builder.Services.AddGrainIngestors();
            builder.Services.AddOtlpGateway(configuration);
        }
        else
        {
            // Grains and storage only: the API's hosted services (admin-key bootstrap, export jobs) run in Gateway.Api.
            builder.Services.AddSiloOnlyServices(connectionString);
        }

        var app = builder.Build();
        var siloHost = $"*:{SiloMode.HttpPort(configuration)}";
        app.MapObservatoryHealth().RequireHost(siloHost);
        app.MapOrleansDashboard(routePrefix: "/dashboard").RequireHost(siloHost);
        app.MapObservatoryMetrics(siloHost);
        if (allInOne)
        {
            app.UseExceptionHandler();
            app.UseObservatoryAuth();
            app.UseObservatoryEdge(); // after auth: rate-limit buckets and cache keys are the caller's
            app.UseApiErrorBodies(); // after the query cache, which starts every GET response it passes on
            app.MapOtlpGateway();
            app.MapObservatoryApi(configuration);
        }

        return app;
    }
}
