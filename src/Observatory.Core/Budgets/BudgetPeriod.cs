namespace Observatory.Core.Budgets;

/// <summary>How a budget's period runs: a calendar day, week (Monday first) or month in a time zone, or a rolling window.</summary>
public enum BudgetPeriodKind
{
    Day,
    Week,
    Month,
    Rolling,
}

/// <summary>
/// The span of time a budget counts spend over. Calendar periods start at local midnight in <see cref="TimeZone"/> (an
/// IANA id); a rolling window is the last <see cref="WindowMinutes"/> whole minutes, the current minute included. Both
/// are whole minutes of UTC (every time zone's offset is), so spend kept per minute of a span's start time answers them
/// exactly.
/// </summary>
public sealed record BudgetPeriod(BudgetPeriodKind Kind, string TimeZone = "UTC", int? WindowMinutes = null)
{
    /// <summary>The longest rolling window: 31 days.</summary>
    public const int MaxWindowMinutes = 31 * 24 * 60;

    /// <summary>What is wrong with this period, in words for an API error; empty when it is valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!Enum.IsDefined(Kind))
        {
            problems.Add("period must be 'day', 'week', 'month' or 'rolling'.");
        }

        if (Kind == BudgetPeriodKind.Rolling)
        {
            if (WindowMinutes is not (>= 1 and <= MaxWindowMinutes))
            {
                problems.Add($"a rolling period needs windowMinutes between 1 and {MaxWindowMinutes}.");
            }
        }
        else
        {
            if (WindowMinutes is not null)
            {
                problems.Add("windowMinutes applies to a rolling period only.");
            }

            if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
            {
                problems.Add($"timeZone '{TimeZone}' is not a known time zone (use an IANA id such as 'Europe/Paris' or 'UTC').");
            }
        }

        return problems;
    }

    /// <summary>The period that contains <paramref name="now"/>: [Start, End), End null for a rolling window.</summary>
    public BudgetWindow WindowAt(DateTimeOffset now)
    {
        if (Kind == BudgetPeriodKind.Rolling)
        {
            var minute = BudgetMinutes.Of(now);
            return new BudgetWindow(BudgetMinutes.Start(minute + 1 - (WindowMinutes ?? 1)), null);
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
        var today = TimeZoneInfo.ConvertTime(now, zone).DateTime.Date;
        var (first, next) = Kind switch
        {
            BudgetPeriodKind.Day => (today, today.AddDays(1)),
            BudgetPeriodKind.Week => (today.AddDays(-DaysSinceMonday(today)), today.AddDays(7 - DaysSinceMonday(today))),
            _ => (new DateTime(today.Year, today.Month, 1), new DateTime(today.Year, today.Month, 1).AddMonths(1)),
        };
        return new BudgetWindow(Instant(first, zone), Instant(next, zone));
    }

    private static int DaysSinceMonday(DateTime day) => ((int)day.DayOfWeek + 6) % 7;

    /// <summary>
    /// The instant a local midnight happens. A midnight that daylight saving skips happens at the end of the gap (the
    /// day starts with its first real minute); a midnight that happens twice counts from its first occurrence.
    /// </summary>
    internal static DateTimeOffset Instant(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }
}

/// <summary>A budget period: from <see cref="Start"/> (inclusive) to <see cref="End"/> (exclusive; null for a rolling window).</summary>
public sealed record BudgetWindow(DateTimeOffset Start, DateTimeOffset? End)
{
    public long StartMinute => BudgetMinutes.Of(Start);

    public long EndMinute => End is { } end ? BudgetMinutes.Of(end) : long.MaxValue;

    public bool Contains(long minute) => minute >= StartMinute && minute < EndMinute;
}

/// <summary>Unix minutes: the unit budgets keep spend in (a span counts in the minute it started).</summary>
public static class BudgetMinutes
{
    private const long NanosPerMinute = 60_000_000_000;

    public static long Of(DateTimeOffset instant) => Math.DivRem(instant.ToUnixTimeMilliseconds(), 60_000L, out var rest) - (rest < 0 ? 1 : 0);

    public static long OfUnixNano(long unixNano) => Math.DivRem(unixNano, NanosPerMinute, out var rest) - (rest < 0 ? 1 : 0);

    public static DateTimeOffset Start(long minute) => DateTimeOffset.FromUnixTimeMilliseconds(minute * 60_000L);
}
