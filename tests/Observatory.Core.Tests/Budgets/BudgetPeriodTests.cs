using Observatory.Core.Budgets;

namespace Observatory.Core.Tests.Budgets;

public class BudgetPeriodTests
{
    private static DateTimeOffset Utc(int y, int mo, int d, int h = 0, int mi = 0, int s = 0) => new(y, mo, d, h, mi, s, TimeSpan.Zero);

    [Fact]
    public void A_day_in_a_time_zone_runs_from_local_midnight_to_local_midnight()
    {
        // 23:30 UTC on 9 June is 01:30 on 10 June in Paris (UTC+2 in summer).
        var window = new BudgetPeriod(BudgetPeriodKind.Day, "Europe/Paris").WindowAt(Utc(2026, 6, 9, 23, 30));

        Assert.Equal(new BudgetWindow(Utc(2026, 6, 9, 22), Utc(2026, 6, 10, 22)), window);
    }

    [Fact]
    public void A_day_ends_exactly_at_the_next_midnight_and_that_instant_belongs_to_the_next_day()
    {
        var period = new BudgetPeriod(BudgetPeriodKind.Day);

        Assert.Equal(Utc(2026, 6, 9), period.WindowAt(Utc(2026, 6, 9, 23, 59, 59)).Start);
        Assert.Equal(Utc(2026, 6, 10), period.WindowAt(Utc(2026, 6, 10)).Start);
    }

    [Fact]
    public void A_week_starts_on_monday_even_when_asked_on_sunday_night()
    {
        // Sunday 14 June 2026, 23:59 in Tokyo (UTC+9).
        var window = new BudgetPeriod(BudgetPeriodKind.Week, "Asia/Tokyo").WindowAt(Utc(2026, 6, 14, 14, 59));

        Assert.Equal(new BudgetWindow(Utc(2026, 6, 7, 15), Utc(2026, 6, 14, 15)), window);
    }

    [Fact]
    public void A_month_spans_its_calendar_month_across_a_daylight_saving_change()
    {
        // March 2026 in New York: EST (-5) on the 1st, EDT (-4) from the 8th; April starts in EDT.
        var window = new BudgetPeriod(BudgetPeriodKind.Month, "America/New_York").WindowAt(Utc(2026, 3, 20, 12));

        Assert.Equal(new BudgetWindow(Utc(2026, 3, 1, 5), Utc(2026, 4, 1, 4)), window);
    }

    [Fact]
    public void A_midnight_that_daylight_saving_skips_starts_the_day_at_its_first_real_minute()
    {
        // Santiago, 6 Sep 2026: clocks jump from 00:00 (-4) to 01:00 (-3), so the day starts at 04:00 UTC.
        var window = new BudgetPeriod(BudgetPeriodKind.Day, "America/Santiago").WindowAt(Utc(2026, 9, 6, 15));

        Assert.Equal(new BudgetWindow(Utc(2026, 9, 6, 4), Utc(2026, 9, 7, 3)), window);
    }

    [Fact]
    public void A_midnight_that_happens_twice_starts_the_day_at_its_first_occurrence()
    {
        // Havana, 1 Nov 2026: 01:00 CDT (-4) falls back to 00:00 CST (-5); the day has 25 hours.
        var window = new BudgetPeriod(BudgetPeriodKind.Day, "America/Havana").WindowAt(Utc(2026, 11, 1, 12));

        Assert.Equal(new BudgetWindow(Utc(2026, 11, 1, 4), Utc(2026, 11, 2, 5)), window);
    }

    [Fact]
    public void A_rolling_window_is_the_last_whole_minutes_including_the_current_one()
    {
        var window = new BudgetPeriod(BudgetPeriodKind.Rolling, WindowMinutes: 60).WindowAt(Utc(2026, 6, 9, 12, 30, 45));

        Assert.Equal(new BudgetWindow(Utc(2026, 6, 9, 11, 31), null), window);
        Assert.True(window.Contains(BudgetMinutes.Of(Utc(2026, 6, 9, 12, 30, 59))));
        Assert.False(window.Contains(BudgetMinutes.Of(Utc(2026, 6, 9, 11, 30, 59))));
    }

    [Theory]
    [InlineData(BudgetPeriodKind.Rolling, "UTC", null, "a rolling period needs windowMinutes between 1 and 44640.")]
    [InlineData(BudgetPeriodKind.Rolling, "UTC", 44641, "a rolling period needs windowMinutes between 1 and 44640.")]
    [InlineData(BudgetPeriodKind.Day, "UTC", 60, "windowMinutes applies to a rolling period only.")]
    [InlineData(BudgetPeriodKind.Month, "Mars/Olympus_Mons", null, "timeZone 'Mars/Olympus_Mons' is not a known time zone (use an IANA id such as 'Europe/Paris' or 'UTC').")]
    public void Invalid_periods_are_named(BudgetPeriodKind kind, string zone, int? window, string problem)
    {
        Assert.Equal([problem], new BudgetPeriod(kind, zone, window).Validate());
    }

    [Fact]
    public void Minutes_before_1970_round_down()
    {
        Assert.Equal(-1, BudgetMinutes.OfUnixNano(-1));
        Assert.Equal(0, BudgetMinutes.OfUnixNano(59_999_999_999));
        Assert.Equal(1, BudgetMinutes.OfUnixNano(60_000_000_000));
    }
}
