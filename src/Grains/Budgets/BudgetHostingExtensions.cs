using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Observatory.Grains.Live;
using Orleans.Hosting;

namespace Observatory.Grains.Budgets;

/// <summary>Silo wiring of budgets: the router that ingest tells what it stored, and its settings (section <c>Budgets</c>).</summary>
public static class BudgetHostingExtensions
{
    public static ISiloBuilder AddObservatoryBudgets(this ISiloBuilder silo)
    {
        var services = silo.Services;
        services.AddOptions<BudgetOptions>().BindConfiguration(BudgetOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<BudgetSpendRouter>();
        services.AddSingleton<IIngestCommitObserver>(sp => sp.GetRequiredService<BudgetSpendRouter>());
        services.AddHostedService(sp => sp.GetRequiredService<BudgetSpendRouter>());
        return silo;
    }
}
