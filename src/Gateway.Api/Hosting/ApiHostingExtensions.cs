using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Observatory.Gateway.Api.Admin;
using Observatory.Gateway.Api.Alerts;
using Observatory.Gateway.Api.Analytics;
using Observatory.Gateway.Api.Budgets;
using Observatory.Gateway.Api.Export;
using Observatory.Gateway.Api.Live;
using Observatory.Gateway.Api.Models;
using Observatory.Gateway.Api.OpenApi;
using Observatory.Gateway.Api.Pricing;
using Observatory.Gateway.Api.Settings;
using Observatory.Gateway.Api.Traces;
using Observatory.Grains.Client;
using Observatory.Storage;
using Observatory.Web;
using Observatory.Web.Auth;
using Observatory.Web.Health;
using Observatory.WebUi;

namespace Observatory.Gateway.Api.Hosting;

/// <summary>Wiring of the REST API, used by its own host and by the all-in-one silo.</summary>
public static class ApiHostingExtensions
{
    public static int ApiPort(this IConfiguration configuration) => configuration.GetValue("Api:Port", 8080);

    /// <summary>Services the API needs besides an Orleans client: the read side of storage and the health check.</summary>
    public static IServiceCollection AddObservatoryApi(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("Observatory")
            ?? throw new InvalidOperationException("ConnectionStrings:Observatory is not set.");
        services.AddObservatoryStorage(connectionString);
        services.AddProjectPolicySource();
        services.AddObservatoryAuth(configuration);
        services.AddExceptionHandler<DatabaseTimeoutHandler>();
        services.AddExceptionHandler<ClusterUnavailableHandler>();
        services.AddProblemDetails();
        services.AddHostedService<AdminKeyBootstrap>();
        services.AddObservatoryEdge(configuration);
        services.AddTraceExport(configuration);
        services.AddObservatoryLive(configuration);
        services.AddObservatoryOpenApi();
        services.AddObservatoryWebUi();
        services.AddHealthChecks().AddNpgSql(name: "database", timeout: TimeSpan.FromSeconds(3)).AddObservatoryRedis(configuration)
            .AddObservatoryCluster();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase;
            o.SerializerOptions.Converters.Add(new NormalizedDecimalConverter());
        });
        return services;
    }

    public static void ListenApi(this KestrelServerOptions kestrel, IConfiguration configuration) =>
        kestrel.Listen(BindAddress(configuration["Api:BindAddress"]), configuration.ApiPort());

    /// <summary>Maps the API routes and the web UI at <c>/</c>, answering only on the API port when the process serves several.</summary>
    public static IEndpointRouteBuilder MapObservatoryApi(this IEndpointRouteBuilder endpoints, IConfiguration configuration)
    {
        var host = $"*:{configuration.ApiPort()}";
        endpoints.MapObservatoryHealth().RequireHost(host);
        var api = endpoints.MapGroup("/api/v1").RequireHost(host).AddEndpointFilter(ControlCharacterGuard.InvokeAsync);
        api.MapTracesApi();
        api.MapModelsApi();
        api.MapAnalyticsApi();
        api.MapAgentToolApi();
        api.MapPricingApi();
        api.MapSettingsApi();
        api.MapAdminApi();
        api.MapBudgetsApi();
        api.MapAlertsApi();
        api.MapExportApi();
        api.MapLiveApi();
        api.MapScoresApi();
        endpoints.MapObservatoryOpenApi(host);
        endpoints.MapObservatoryWebUi(host);
        return endpoints;
    }

    public static IPAddress BindAddress(string? text) => text switch
    {
        null or "" or "localhost" => IPAddress.Loopback,
        "*" or "0.0.0.0" => IPAddress.Any,
        _ => IPAddress.Parse(text),
    };
}
