namespace Observatory.Grains.Budgets;

/// <summary>Configuration section <c>Budgets</c>: how budgets keep their spend live and exact.</summary>
public sealed class BudgetOptions
{
    public const string SectionName = "Budgets";

    /// <summary>
    /// How often every budget reads its spend from the stored spans again, replacing what it counted live: the bound on
    /// how long a re-cost the directory was not told of, or an increment a dying silo had not delivered, stays unseen.
    /// </summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often a silo sends what its ingest committed on to the budgets.</summary>
    public TimeSpan RouteInterval { get; set; } = TimeSpan.FromMilliseconds(50);
}
