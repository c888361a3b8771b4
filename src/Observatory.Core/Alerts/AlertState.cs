namespace Observatory.Core.Alerts;

/// <summary>Where an alert stands: never fired (<see cref="Ok"/>), firing, or resolved after firing.</summary>
public enum AlertStatus
{
    Ok,
    Firing,
    Resolved,
}

/// <summary>
/// An alert's stored state: its status, since when, and the value that made it so. <see cref="Firings"/> counts the
/// firings: a notification belongs to one firing, so a restart that finds the alert firing sends nothing again.
/// </summary>
public sealed record AlertState(AlertStatus Status, DateTimeOffset? Since, double? Value, long Firings)
{
    public static AlertState Initial { get; } = new(AlertStatus.Ok, null, null, 0);

    public static string StatusName(AlertStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>
    /// The state after one evaluation. The condition holds when <paramref name="value"/> is known and reaches
    /// <paramref name="threshold"/>; an unknown value (nothing to judge) counts as not holding. Returns the event to
    /// notify — <see cref="AlertEvent.Fired"/> or <see cref="AlertEvent.Resolved"/> — only on a change of status, so a
    /// condition that stays true notifies once.
    /// </summary>
    public (AlertState State, AlertEvent? Event) Evaluate(double? value, double threshold, DateTimeOffset now)
    {
        var holds = value is { } v && v >= threshold;
        if (holds && Status != AlertStatus.Firing)
        {
            return (new AlertState(AlertStatus.Firing, now, value, Firings + 1), AlertEvent.Fired);
        }

        if (!holds && Status == AlertStatus.Firing)
        {
            return (new AlertState(AlertStatus.Resolved, now, value, Firings), AlertEvent.Resolved);
        }

        return (this with { Value = value }, null);
    }
}

/// <summary>What a notification tells.</summary>
public enum AlertEvent
{
    Fired,
    Resolved,
}
