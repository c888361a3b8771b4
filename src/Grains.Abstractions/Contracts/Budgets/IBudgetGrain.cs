using Observatory.Core.Budgets;

namespace Observatory.Grains.Contracts.Budgets;

/// <summary>
/// One budget (key: <see cref="BudgetKeys.Budget"/>): keeps the current period's spend in memory, back-filled from the
/// stored spans on activation and when its definition changes, then fed by ingest. Checks answer from memory.
/// </summary>
[Alias("observatory.IBudgetGrain")]
public interface IBudgetGrain : IGrainWithStringKey
{
    /// <summary>The budget's state now; <see cref="BudgetCheckReply.Found"/> is false when there is no such budget.</summary>
    [Alias("Check"), AlwaysInterleave]
    Task<BudgetCheckReply> Check();

    /// <summary>Stored model calls this budget's scope selects (each told once, after its COMMIT).</summary>
    [Alias("Add")]
    Task Add(Immutable<BudgetIncrement[]> calls);

    /// <summary>The definition was created or changed: take it and read the spend again.</summary>
    [Alias("Define")]
    Task Define(BudgetDefinition budget);

    /// <summary>The budget was deleted.</summary>
    [Alias("Retire")]
    Task Retire();

    /// <summary>Reads the spend from the stored spans again (after a re-cost, or when an increment may have been lost).</summary>
    [Alias("Reconcile")]
    Task Reconcile();
}

/// <summary>One stored model call's share of a budget.</summary>
[GenerateSerializer, Immutable, Alias("observatory.BudgetIncrement")]
public sealed record BudgetIncrement(
    [property: Id(0)] string TraceId,
    [property: Id(1)] string SpanId,
    [property: Id(2)] long StartUnixNano,
    [property: Id(3)] decimal CostUsd,
    [property: Id(4)] long Tokens);

/// <summary>A budget check: may the caller spend, and how the period stands.</summary>
[GenerateSerializer, Immutable, Alias("observatory.BudgetCheckReply")]
public sealed record BudgetCheckReply(
    [property: Id(0)] bool Found,
    [property: Id(1)] string BudgetId,
    [property: Id(2)] string Name,
    [property: Id(3)] bool Allowed,
    [property: Id(4)] decimal SpentUsd,
    [property: Id(5)] decimal? LimitUsd,
    [property: Id(6)] decimal? RemainingUsd,
    [property: Id(7)] decimal ProjectedUsd,
    [property: Id(8)] long SpentTokens,
    [property: Id(9)] long? LimitTokens,
    [property: Id(10)] long? RemainingTokens,
    [property: Id(11)] long ProjectedTokens,
    [property: Id(12)] DateTimeOffset PeriodStart,
    [property: Id(13)] DateTimeOffset? PeriodEnd,
    [property: Id(14)] DateTimeOffset? SpendReadAt)
{
    public static BudgetCheckReply NotFound(string budgetId) => new(false, budgetId, "", true, 0m, null, null, 0m, 0, null, null, 0, default, null, null);

    public static BudgetCheckReply From(BudgetDefinition budget, BudgetStatus status, DateTimeOffset? spendReadAt) => new(
        true, budget.BudgetId, budget.Name, status.Allowed, status.SpentUsd, status.LimitUsd, status.RemainingUsd, status.ProjectedUsd,
        status.SpentTokens, status.LimitTokens, status.RemainingTokens, status.ProjectedTokens, status.PeriodStart, status.PeriodEnd, spendReadAt);
}

/// <summary>Grain keys of budgets: the project id first, like every key (<see cref="GrainKeys"/>).</summary>
public static class BudgetKeys
{
    public static string Budget(string projectId, string budgetId) => Uri.EscapeDataString(projectId) + "/" + Uri.EscapeDataString(budgetId);

    public static (string ProjectId, string BudgetId) Split(string key)
    {
        var parts = GrainKeys.Split(key);
        return (parts[0], parts[1]);
    }
}
