using Observatory.Storage.Traces;
using static Observatory.Storage.Traces.TraceFilter;

namespace Observatory.Storage.Tests;

/// <summary>The start-time range full-text search starts its windows from: only what the top-level AND guarantees.</summary>
public sealed class TraceFilterBoundsTests
{
    private static readonly DateTime T0 = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    private static Condition Time(TraceFilterOp op, DateTime value) => new(TraceField.StartTime, op, value);

    private static readonly Condition Word = new(TraceField.Content, TraceFilterOp.Contains, "order");

    [Fact]
    public void From_and_to_of_the_list_bound_the_range()
    {
        var filter = AllOf(Word, Time(TraceFilterOp.Gte, T0), Time(TraceFilterOp.Lt, T0.AddDays(1)));
        Assert.Equal((T0, T0.AddDays(1)), StartTimeBounds(filter));
    }

    [Fact]
    public void Nested_ands_narrow_to_the_tightest_bounds_and_lte_includes_its_instant()
    {
        var filter = new And([Time(TraceFilterOp.Gt, T0), new And([Time(TraceFilterOp.Gte, T0.AddHours(2)), Time(TraceFilterOp.Lte, T0.AddHours(5))]),
            Time(TraceFilterOp.Lt, T0.AddHours(9))]);
        Assert.Equal((T0.AddHours(2), T0.AddHours(5).AddTicks(1)), StartTimeBounds(filter));

        Assert.Equal((T0, T0.AddTicks(1)), StartTimeBounds(Time(TraceFilterOp.Eq, T0)));
    }

    [Fact]
    public void Conditions_under_or_and_not_do_not_bound_and_no_filter_is_unbounded()
    {
        var filter = AllOf(Word, new Or([Time(TraceFilterOp.Lt, T0), Time(TraceFilterOp.Gte, T0.AddDays(3))]), new Not(Time(TraceFilterOp.Gte, T0)));
        Assert.Equal(((DateTime?)null, (DateTime?)null), StartTimeBounds(filter));
        Assert.Equal(((DateTime?)null, (DateTime?)null), StartTimeBounds(null));
        Assert.Equal(((DateTime?)null, (DateTime?)null), StartTimeBounds(Time(TraceFilterOp.Ne, T0)));
    }
}
