using System.Security.Cryptography;

namespace Observatory.Core.Budgets;

/// <summary>
/// A budget of one project: a limit in USD and/or tokens (the budget is spent when either is reached) over a period,
/// counting the model calls its scope selects. Stored in <c>budgets</c>; the budget grains keep its spend live.
/// </summary>
public sealed record BudgetDefinition
{
    public required string ProjectId { get; init; }
    public required string BudgetId { get; init; }
    public required string Name { get; init; }
    public decimal? LimitUsd { get; init; }
    public long? LimitTokens { get; init; }
    public required BudgetPeriod Period { get; init; }
    public BudgetScope Scope { get; init; } = BudgetScope.Project;
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The longest name a budget may have.</summary>
    public const int MaxNameLength = 200;

    /// <summary>A new budget id: <c>bud_</c> and 16 random characters.</summary>
    public static string NewId() => "bud_" + RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 16);

    /// <summary>What is wrong with this budget, in words for an API error; empty when it is valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > MaxNameLength)
        {
            problems.Add($"name must be 1-{MaxNameLength} characters.");
        }

        if (LimitUsd is null && LimitTokens is null)
        {
            problems.Add("give limitUsd, limitTokens or both.");
        }

        if (LimitUsd is <= 0m or > 1_000_000_000_000m)
        {
            problems.Add("limitUsd must be above 0 and at most 1e12.");
        }

        if (LimitTokens is <= 0)
        {
            problems.Add("limitTokens must be above 0.");
        }

        problems.AddRange(Period.Validate());
        problems.AddRange(Scope.Validate());
        return problems;
    }
}
