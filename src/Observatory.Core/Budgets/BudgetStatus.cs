namespace Observatory.Core.Budgets;

/// <summary>
/// The answer to "may I spend?": the spend of the current period against the limits. A budget is spent (not allowed)
/// once the spend reaches a limit. The projection extrapolates the spend so far linearly to the period's end (after
/// its first minute); a rolling window is always a full window, so its projection is its spend.
/// </summary>
public sealed record BudgetStatus(
    bool Allowed,
    decimal SpentUsd,
    decimal? LimitUsd,
    decimal? RemainingUsd,
    decimal ProjectedUsd,
    long SpentTokens,
    long? LimitTokens,
    long? RemainingTokens,
    long ProjectedTokens,
    DateTimeOffset PeriodStart,
    DateTimeOffset? PeriodEnd)
{
    public static BudgetStatus Of(BudgetDefinition budget, BudgetWindow window, SpendTotals spent, DateTimeOffset now)
    {
        var share = ElapsedShare(window, now);
        var allowed = (budget.LimitUsd is not { } usd || spent.CostUsd < usd) && (budget.LimitTokens is not { } tokens || spent.Tokens < tokens);
        return new BudgetStatus(
            allowed,
            spent.CostUsd,
            budget.LimitUsd,
            budget.LimitUsd is { } limitUsd ? Math.Max(0m, limitUsd - spent.CostUsd) : null,
            Math.Round(spent.CostUsd / share, 12),
            spent.Tokens,
            budget.LimitTokens,
            budget.LimitTokens is { } limitTokens ? Math.Max(0L, limitTokens - spent.Tokens) : null,
            (long)Math.Round(spent.Tokens / share),
            window.Start,
            window.End);
    }

    /// <summary>The elapsed part of a calendar period (1 for a rolling window, and during a period's first minute).</summary>
    private static decimal ElapsedShare(BudgetWindow window, DateTimeOffset now)
    {
        if (window.End is not { } end)
        {
            return 1m;
        }

        var elapsed = now - window.Start;
        if (elapsed < TimeSpan.FromMinutes(1))
        {
            return 1m;
        }

        return Math.Min(1m, (decimal)elapsed.Ticks / (end - window.Start).Ticks);
    }
}
