using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Observatory.Storage.Export;

namespace Observatory.Gateway.Api.Export;

/// <summary>Registers trace export: the row source, the formats, the job store and the in-process job runner.</summary>
public static class ExportServiceCollectionExtensions
{
    public static IServiceCollection AddTraceExport(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ExportOptions>(configuration.GetSection("Export"));
        services.AddSingleton<TraceExportSource>();
        services.AddSingleton<ExportJobStore>();
        services.AddSingleton<TraceExportFormats>();
        services.AddSingleton<ExportJobRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<ExportJobRunner>());
        return services;
    }
}
