using Observatory.Core.Budgets;

namespace Observatory.Grains.Contracts.Budgets;

/// <summary>
/// A project's budgets (key: project id): the single writer of its rows in <c>budgets</c>, the list ingest routes
/// calls by, and the bulk check.
/// </summary>
[Alias("observatory.IBudgetDirectoryGrain")]
public interface IBudgetDirectoryGrain : IGrainWithStringKey
{
    /// <summary>The project's budgets and a version that changes whenever any of them does.</summary>
    [Alias("List"), AlwaysInterleave]
    Task<BudgetList> List();

    /// <summary>Creates or replaces a budget (validated by the caller); null when replacing one that does not exist.</summary>
    [Alias("Save")]
    Task<BudgetDefinition?> Save(BudgetDefinition budget, bool create);

    [Alias("Delete")]
    Task<bool> Delete(string budgetId);

    /// <summary>Checks every budget that would count a call described by <paramref name="call"/>.</summary>
    [Alias("CheckMatching"), AlwaysInterleave]
    Task<BudgetCheckReply[]> CheckMatching(BudgetScope call);

    /// <summary>Makes every budget read its spend again (stored costs changed: a re-cost).</summary>
    [Alias("ReconcileAll")]
    Task ReconcileAll();
}

/// <summary>A project's budgets at one version.</summary>
[GenerateSerializer, Immutable, Alias("observatory.BudgetList")]
public sealed record BudgetList([property: Id(0)] long Version, [property: Id(1)] BudgetDefinition[] Budgets);
