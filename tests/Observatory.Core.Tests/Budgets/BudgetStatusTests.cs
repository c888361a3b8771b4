using Observatory.Core.Budgets;

namespace Observatory.Core.Tests.Budgets;

public class BudgetStatusTests
{
    private static readonly DateTimeOffset Midnight = new(2026, 6, 9, 0, 0, 0, TimeSpan.Zero);

    private static BudgetDefinition Budget(decimal? usd, long? tokens, BudgetPeriod? period = null) => new()
    {
        ProjectId = "p",
        BudgetId = "b",
        Name = "n",
        LimitUsd = usd,
        LimitTokens = tokens,
        Period = period ?? new BudgetPeriod(BudgetPeriodKind.Day),
    };

    [Fact]
    public void Spend_below_the_limit_is_allowed_and_projects_linearly_to_the_end_of_the_day()
    {
        var budget = Budget(10m, null);
        var now = Midnight.AddHours(6);

        var status = BudgetStatus.Of(budget, budget.Period.WindowAt(now), new SpendTotals(2m, 1000, 4), now);

        Assert.Equal(new BudgetStatus(true, 2m, 10m, 8m, 8m, 1000, null, null, 4000, Midnight, Midnight.AddDays(1)), status);
    }

    [Fact]
    public void Reaching_either_limit_exactly_is_not_allowed_and_remaining_never_goes_negative()
    {
        var budget = Budget(10m, 5000);
        var window = budget.Period.WindowAt(Midnight.AddHours(12));

        Assert.False(BudgetStatus.Of(budget, window, new SpendTotals(10m, 0, 1), Midnight.AddHours(12)).Allowed);
        var overTokens = BudgetStatus.Of(budget, window, new SpendTotals(1m, 6000, 1), Midnight.AddHours(12));
        Assert.Equal((false, 9m, 0L), (overTokens.Allowed, overTokens.RemainingUsd!.Value, overTokens.RemainingTokens!.Value));
        Assert.Equal(0m, BudgetStatus.Of(budget, window, new SpendTotals(12m, 0, 1), Midnight.AddHours(12)).RemainingUsd);
    }

    [Fact]
    public void In_the_first_minute_and_in_a_rolling_window_the_projection_is_the_spend()
    {
        var day = Budget(10m, null);
        Assert.Equal(3m, BudgetStatus.Of(day, day.Period.WindowAt(Midnight.AddSeconds(30)), new SpendTotals(3m, 0, 1), Midnight.AddSeconds(30)).ProjectedUsd);

        var rolling = Budget(10m, null, new BudgetPeriod(BudgetPeriodKind.Rolling, WindowMinutes: 60));
        var status = BudgetStatus.Of(rolling, rolling.Period.WindowAt(Midnight.AddHours(3)), new SpendTotals(3m, 0, 1), Midnight.AddHours(3));
        Assert.Equal((3m, (DateTimeOffset?)null), (status.ProjectedUsd, status.PeriodEnd));
    }

    [Fact]
    public void A_budget_needs_a_limit_and_a_name()
    {
        var problems = Budget(null, null) with { Name = "" };

        Assert.Equal(["name must be 1-200 characters.", "give limitUsd, limitTokens or both."], problems.Validate());
        Assert.Equal(["limitUsd must be above 0 and at most 1e12.", "limitTokens must be above 0."], Budget(0m, -1).Validate());
    }
}
