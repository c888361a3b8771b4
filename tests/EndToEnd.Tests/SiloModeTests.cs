using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Observatory.Core.Ingest;
using Observatory.Silo.Hosting;

namespace Observatory.EndToEnd.Tests;

/// <summary>
/// <c>Observatory:Mode=silo</c> hosts grains and storage only: on a fresh compose install the admin-key bootstrap and
/// the export job runner must run in Gateway.Api alone, not once per silo as well.
/// </summary>
public sealed class SiloModeTests
{
    [Fact]
    public async Task Silo_mode_registers_no_gateway_services()
    {
        // Building the host connects to nothing (only all-in-one migrates at start), so no database is needed.
        await using var app = ObservatoryApp.Create(
            ["--Observatory:Mode=silo", "--ConnectionStrings:Observatory=Host=127.0.0.1;Port=1;Username=nobody;Database=none"]);

        var hostedServices = app.Services.GetServices<IHostedService>().Select(s => s.GetType().Name).ToList();
        Assert.DoesNotContain("AdminKeyBootstrap", hostedServices);
        Assert.DoesNotContain("ExportJobRunner", hostedServices);
        Assert.Null(app.Services.GetService<ISpanIngestor>());

        // Its own /health still checks the database and its cluster membership.
        var checks = app.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations.Select(r => r.Name);
        Assert.Equal(["cluster", "database"], checks.Order());
    }
}
