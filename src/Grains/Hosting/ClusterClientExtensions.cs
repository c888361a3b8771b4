using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace Observatory.Grains;

/// <summary>Joins a gateway process to the silo cluster as an Orleans client, found through the ADO.NET membership table.</summary>
public static class ClusterClientExtensions
{
    public static IHostApplicationBuilder UseObservatoryClusterClient(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var connectionString = configuration.GetConnectionString("Observatory")
            ?? throw new InvalidOperationException("ConnectionStrings:Observatory is not set.");
        builder.Services.AddObservatorySerialization();
        builder.UseOrleansClient(client => client
            .UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = connectionString;
            })
            .Configure<ClusterOptions>(o => configuration.BindClusterOptions(o)));
        return builder;
    }

    /// <summary>ClusterId and ServiceId from the <c>Orleans</c> section; both default to "observatory".</summary>
    public static void BindClusterOptions(this IConfiguration configuration, ClusterOptions options)
    {
        options.ClusterId = configuration["Orleans:ClusterId"] ?? "observatory";
        options.ServiceId = configuration["Orleans:ServiceId"] ?? "observatory";
    }
}
