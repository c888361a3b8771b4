using System.Net;
using Grpc.AspNetCore.Server;
using Grpc.AspNetCore.Server.Model;
using Microsoft.AspNetCore.Routing.Matching;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Observatory.Core.Ingest;
using Observatory.Core.Pricing;
using Observatory.Core.Spans;
using Observatory.Gateway.Otlp.Export;
using Observatory.Gateway.Otlp.Grpc;
using Observatory.Gateway.Otlp.Hosting;
using Observatory.Gateway.Otlp.Http;
using Observatory.Web;
using Observatory.Web.Auth;

namespace Observatory.Gateway.Otlp;

/// <summary>
/// Wiring for the OTLP receiver, so a host (the gateway alone, or the silo co-hosting it) stays a few lines:
/// <c>ConfigureOtlpKestrel</c>, <c>AddOtlpGateway</c>, <c>MapOtlpGateway</c>. The host registers where the data goes:
/// an <see cref="Observatory.Core.Ingest.ISpanIngestor"/> for traces, an <see cref="Observatory.Core.Ingest.ILogIngestor"/> for logs
/// and an <see cref="Observatory.Core.Metrics.IMetricIngestor"/> for metrics.
/// </summary>
public static class OtlpGatewayExtensions
{
    /// <summary>Options from the <c>Otlp</c> section, gRPC (gzip accepted, size limit), span normalization and the traces and logs export pipelines.</summary>
    public static IServiceCollection AddOtlpGateway(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OtlpGatewayOptions>()
            .Bind(configuration.GetSection(OtlpGatewayOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OtlpGatewayOptions>, OtlpGatewayOptionsValidator>());

        // Grpc.AspNetCore accepts grpc-encoding: gzip by default; the size limit is checked on the decompressed message.
        services.AddGrpc(grpc =>
        {
            grpc.CompressionProviders.Clear();
            grpc.CompressionProviders.Add(new StrictGzipCompressionProvider());
        });
        // Our own method binding (not the generated one), so a malformed message is INVALID_ARGUMENT (see OtlpGrpcMethods).
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IServiceMethodProvider<TraceExportService>, TraceExportMethodProvider>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IServiceMethodProvider<LogExportService>, LogExportMethodProvider>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IServiceMethodProvider<MetricExportService>, MetricExportMethodProvider>());
        LimitMessageSize<TraceExportService>(services);
        LimitMessageSize<LogExportService>(services);
        LimitMessageSize<MetricExportService>(services);

        services.TryAddEnumerable(ServiceDescriptor.Singleton<MatcherPolicy, LocalPortMatcherPolicy>());
        services.TryAddEnumerable(ServiceDescriptor.Transient<IStartupFilter, OtlpStatusCodeBodies>());
        services.TryAddSingleton(_ => new SpanRecordFactory(PriceCatalog.Default));
        services.TryAddSingleton<TraceExportPipeline>();
        services.AddObservatoryAuth(configuration);
        services.AddObservatoryEdge(configuration);
        services.TryAddSingleton<LogExportPipeline>();
        services.AddOptions<OtlpMetricsOptions>().Bind(configuration.GetSection(OtlpMetricsOptions.SectionName));
        services.TryAddSingleton<MetricExportPipeline>();
        // A host joined to the cluster registers the grain-backed source first; alone, every project gets the defaults.
        services.TryAddSingleton<IProjectPolicySource, DefaultProjectPolicySource>();
        return services;
    }

    private static void LimitMessageSize<TService>(IServiceCollection services)
        where TService : class =>
        services.AddOptions<GrpcServiceOptions<TService>>()
            .Configure<IOptions<OtlpGatewayOptions>>((grpc, otlp) => grpc.MaxReceiveMessageSize = otlp.Value.MaxRequestBodyBytes);

    /// <summary>
    /// Maps <c>TraceService.Export</c>, <c>LogsService.Export</c> and <c>MetricsService.Export</c> on the gRPC port,
    /// <c>POST /v1/traces</c>, <c>POST /v1/logs</c> and <c>POST /v1/metrics</c> on the HTTP port.
    /// </summary>
    public static IEndpointRouteBuilder MapOtlpGateway(this IEndpointRouteBuilder endpoints)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<OtlpGatewayOptions>>().Value;
        endpoints.MapGrpcService<TraceExportService>()
            .AnswerBadFramingAsInvalidArgument()
            .WithMetadata(new LocalPortMetadata(options.GrpcPort));
        endpoints.MapGrpcService<LogExportService>()
            .AnswerBadFramingAsInvalidArgument()
            .WithMetadata(new LocalPortMetadata(options.GrpcPort));
        endpoints.MapGrpcService<MetricExportService>()
            .AnswerBadFramingAsInvalidArgument()
            .WithMetadata(new LocalPortMetadata(options.GrpcPort));
        endpoints.MapPost(OtlpHttpEndpoint.TracesPath, OtlpHttpEndpoint.HandleTracesAsync)
            .WithMetadata(new LocalPortMetadata(options.HttpPort))
            .WithName("OtlpTraces");
        endpoints.MapPost(OtlpHttpEndpoint.LogsPath, OtlpHttpEndpoint.HandleLogsAsync)
            .WithMetadata(new LocalPortMetadata(options.HttpPort))
            .WithName("OtlpLogs");
        endpoints.MapPost(OtlpHttpEndpoint.MetricsPath, OtlpHttpEndpoint.HandleMetricsAsync)
            .WithMetadata(new LocalPortMetadata(options.HttpPort))
            .WithName("OtlpMetrics");
        return endpoints;
    }

    /// <summary>
    /// Adds the two OTLP listeners on <c>Otlp:BindAddress</c>: gRPC as HTTP/2 only (h2c with prior knowledge, what OTLP
    /// exporters speak without TLS) and OTLP/HTTP as HTTP/1.1 and HTTP/2.
    /// </summary>
    public static KestrelServerOptions ConfigureOtlpKestrel(this KestrelServerOptions kestrel, IConfiguration configuration)
    {
        var options = OtlpGatewayOptions.From(configuration);
        var problems = options.Validate().ToList();
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(OtlpGatewayOptions.SectionName, typeof(OtlpGatewayOptions), problems);
        }

        Listen(kestrel, options.BindAddress, options.GrpcPort, HttpProtocols.Http2);
        Listen(kestrel, options.BindAddress, options.HttpPort, HttpProtocols.Http1AndHttp2);
        return kestrel;
    }

    private static void Listen(KestrelServerOptions kestrel, string bindAddress, int port, HttpProtocols protocols)
    {
        Action<ListenOptions> configure = listen => listen.Protocols = protocols;
        var address = bindAddress.Trim();
        if (address is "0.0.0.0" or "*" or "+")
        {
            kestrel.ListenAnyIP(port, configure);
        }
        else if (address.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            kestrel.ListenLocalhost(port, configure);
        }
        else if (IPAddress.TryParse(address, out var ip))
        {
            kestrel.Listen(ip, port, configure);
        }
        else
        {
            throw new OptionsValidationException(OtlpGatewayOptions.SectionName, typeof(OtlpGatewayOptions),
                [$"{OtlpGatewayOptions.SectionName}:BindAddress must be an IP address, localhost, 0.0.0.0 or *, got '{bindAddress}'"]);
        }
    }
}
