using Observatory.Core.Alerts;

namespace Observatory.Core.Tests.Alerts;

public class AlertStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 9, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_condition_that_holds_fires_once_and_stays_firing_without_another_event()
    {
        var (firing, fired) = AlertState.Initial.Evaluate(60, 50, T0);
        Assert.Equal(AlertEvent.Fired, fired);
        Assert.Equal(new AlertState(AlertStatus.Firing, T0, 60, 1), firing);

        var (still, again) = firing.Evaluate(75, 50, T0.AddSeconds(2));
        Assert.Null(again);
        Assert.Equal(AlertStatus.Firing, still.Status);
        Assert.Equal(T0, still.Since);
        Assert.Equal(75, still.Value);
        Assert.Equal(1, still.Firings);
    }

    [Fact]
    public void Reaching_the_threshold_exactly_fires_and_falling_below_resolves_once()
    {
        var (firing, _) = AlertState.Initial.Evaluate(80, 80, T0);
        Assert.Equal(AlertStatus.Firing, firing.Status);

        var (resolved, resolvedEvent) = firing.Evaluate(79.99, 80, T0.AddMinutes(1));
        Assert.Equal(AlertEvent.Resolved, resolvedEvent);
        Assert.Equal(new AlertState(AlertStatus.Resolved, T0.AddMinutes(1), 79.99, 1), resolved);

        var (quiet, none) = resolved.Evaluate(10, 80, T0.AddMinutes(2));
        Assert.Null(none);
        Assert.Equal(AlertStatus.Resolved, quiet.Status);
    }

    [Fact]
    public void A_second_firing_after_a_resolve_counts_as_a_new_firing()
    {
        var state = AlertState.Initial;
        (state, _) = state.Evaluate(5, 1, T0);
        (state, _) = state.Evaluate(0, 1, T0.AddSeconds(2));
        var (again, fired) = state.Evaluate(3, 1, T0.AddSeconds(4));

        Assert.Equal(AlertEvent.Fired, fired);
        Assert.Equal(2, again.Firings);
    }

    [Fact]
    public void An_unknown_value_never_fires_and_resolves_a_firing_alert()
    {
        var (ok, none) = AlertState.Initial.Evaluate(null, 0, T0);
        Assert.Null(none);
        Assert.Equal(AlertStatus.Ok, ok.Status);

        var (firing, _) = AlertState.Initial.Evaluate(1, 0, T0);
        var (resolved, resolvedEvent) = firing.Evaluate(null, 0, T0.AddSeconds(2));
        Assert.Equal(AlertEvent.Resolved, resolvedEvent);
        Assert.Null(resolved.Value);
    }
}
