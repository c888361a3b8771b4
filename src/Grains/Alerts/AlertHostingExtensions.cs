using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Observatory.Grains.Live;
using Orleans.Hosting;

namespace Observatory.Grains.Alerts;

/// <summary>Silo wiring of alerts: the router that ingest tells what it stored, the webhook sender, and their settings (section <c>Alerts</c>).</summary>
public static class AlertHostingExtensions
{
    public static ISiloBuilder AddObservatoryAlerts(this ISiloBuilder silo)
    {
        var services = silo.Services;
        services.AddOptions<AlertOptions>().BindConfiguration(AlertOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<AlertCallRouter>();
        services.AddSingleton<IIngestCommitObserver>(sp => sp.GetRequiredService<AlertCallRouter>());
        services.AddHostedService(sp => sp.GetRequiredService<AlertCallRouter>());
        services.AddSingleton<AlertNotifier>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertNotifier>());
        return silo;
    }
}
