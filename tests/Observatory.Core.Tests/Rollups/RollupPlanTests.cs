using Observatory.Core.Rollups;
using Observatory.Core.Spans;

namespace Observatory.Core.Tests.Rollups;

public class RollupPlanTests
{
    private static readonly DateTime Midnight = new(2025, 6, 10, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Thirty_days_from_an_odd_time_is_minutes_hours_days_hours_minutes()
    {
        var from = Midnight.AddHours(13).AddMinutes(17).AddSeconds(30);
        var to = from.AddDays(30);

        var plan = Cover(from, to);

        Assert.Equal(
            [
                (RollupResolution.Minute, Midnight.AddHours(13).AddMinutes(18), Midnight.AddHours(14)),
                (RollupResolution.Hour, Midnight.AddHours(14), Midnight.AddDays(1)),
                (RollupResolution.Day, Midnight.AddDays(1), Midnight.AddDays(30)),
                (RollupResolution.Hour, Midnight.AddDays(30), Midnight.AddDays(30).AddHours(13)),
                (RollupResolution.Minute, Midnight.AddDays(30).AddHours(13), Midnight.AddDays(30).AddHours(13).AddMinutes(18)),
            ],
            plan);
    }

    [Fact]
    public void Aligned_days_are_read_as_days_only()
    {
        Assert.Equal([(RollupResolution.Day, Midnight, Midnight.AddDays(2))], Cover(Midnight, Midnight.AddDays(2)));
    }

    [Fact]
    public void A_range_inside_one_hour_is_minutes_only()
    {
        var from = Midnight.AddHours(5).AddMinutes(10);
        Assert.Equal([(RollupResolution.Minute, from, from.AddMinutes(30))], Cover(from, from.AddMinutes(30)));
    }

    [Fact]
    public void A_range_across_midnight_shorter_than_a_day_uses_hours_on_both_sides()
    {
        var from = Midnight.AddHours(-2).AddMinutes(-5);
        var to = Midnight.AddHours(3);

        Assert.Equal(
            [
                (RollupResolution.Minute, from, Midnight.AddHours(-2)),
                (RollupResolution.Hour, Midnight.AddHours(-2), Midnight.AddHours(3)),
            ],
            Cover(from, to));
    }

    [Fact]
    public void The_coarsest_resolution_caps_the_bucket_size()
    {
        var plan = Cover(Midnight, Midnight.AddDays(3), RollupResolution.Hour);
        Assert.Equal([(RollupResolution.Hour, Midnight, Midnight.AddDays(3))], plan);

        Assert.Equal([(RollupResolution.Minute, Midnight, Midnight.AddDays(3))], Cover(Midnight, Midnight.AddDays(3), RollupResolution.Minute));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void An_empty_or_reversed_range_reads_nothing(int minutes)
    {
        Assert.Empty(Cover(Midnight.AddHours(1), Midnight.AddHours(1).AddMinutes(minutes)));
    }

    [Fact]
    public void Seconds_inside_one_minute_bucket_mean_that_bucket_only_when_it_starts_in_range()
    {
        // Minute semantics: a minute is read when its start is in [from, to). 10:00:30–10:00:50 holds no minute start.
        Assert.Empty(Cover(Midnight.AddSeconds(30), Midnight.AddSeconds(50)));
        Assert.Equal([(RollupResolution.Minute, Midnight, Midnight.AddMinutes(1))], Cover(Midnight, Midnight.AddSeconds(1)));
    }

    [Fact]
    public void Every_minute_of_random_ranges_is_covered_exactly_once_and_nothing_outside()
    {
        var random = new Random(20261126);
        for (var i = 0; i < 300; i++)
        {
            var from = Midnight.AddMinutes(random.Next(-5000, 5000)).AddSeconds(random.Next(0, 3) * 20);
            var to = from.AddMinutes(random.Next(0, 8000)).AddSeconds(random.Next(0, 3) * 20);
            var plan = RollupPlan.Cover(UnixNano.FromDateTime(from), UnixNano.FromDateTime(to));

            var covered = new List<long>();
            foreach (var span in plan)
            {
                Assert.Equal(span.Resolution.StartOf(span.FromUnixNano), span.FromUnixNano);
                Assert.Equal(span.Resolution.StartOf(span.ToUnixNano), span.ToUnixNano);
                for (var m = span.FromUnixNano; m < span.ToUnixNano; m += ModelBucket.NanosPerMinute)
                {
                    covered.Add(m);
                }
            }

            var expected = new List<long>();
            for (var m = RollupResolution.Minute.CeilingOf(UnixNano.FromDateTime(from)); m < UnixNano.FromDateTime(to); m += ModelBucket.NanosPerMinute)
            {
                expected.Add(m);
            }

            Assert.Equal(expected, covered);
            Assert.True(plan.Count <= 5, $"{plan.Count} spans for {from:o} … {to:o}");
        }
    }

    [Fact]
    public void Covers_names_exactly_the_buckets_the_plan_reads()
    {
        var from = Midnight.AddHours(23).AddMinutes(30);
        var plan = RollupPlan.Cover(UnixNano.FromDateTime(from), UnixNano.FromDateTime(Midnight.AddDays(2).AddHours(1)));

        Assert.True(RollupPlan.Covers(plan, RollupResolution.Minute, UnixNano.FromDateTime(from)));
        Assert.False(RollupPlan.Covers(plan, RollupResolution.Minute, UnixNano.FromDateTime(from.AddMinutes(-1))));
        Assert.True(RollupPlan.Covers(plan, RollupResolution.Day, UnixNano.FromDateTime(Midnight.AddDays(1))));
        Assert.False(RollupPlan.Covers(plan, RollupResolution.Day, UnixNano.FromDateTime(Midnight.AddDays(2))));
        Assert.True(RollupPlan.Covers(plan, RollupResolution.Hour, UnixNano.FromDateTime(Midnight.AddDays(2))));
        Assert.False(RollupPlan.Covers(plan, RollupResolution.Hour, UnixNano.FromDateTime(Midnight.AddDays(1))));
    }

    [Theory]
    [InlineData(RollupResolution.Minute, "2025-06-10T10:17:59.999Z", "2025-06-10T10:17:00Z")]
    [InlineData(RollupResolution.Hour, "2025-06-10T10:17:59Z", "2025-06-10T10:00:00Z")]
    [InlineData(RollupResolution.Day, "2025-06-10T23:59:59Z", "2025-06-10T00:00:00Z")]
    [InlineData(RollupResolution.Day, "1969-12-31T23:00:00Z", "1969-12-31T00:00:00Z")]
    public void Bucket_starts_are_utc_aligned_also_before_the_epoch(RollupResolution resolution, string time, string start)
    {
        var t = UnixNano.FromDateTime(DateTime.Parse(time, null, System.Globalization.DateTimeStyles.AdjustToUniversal));
        var expected = UnixNano.FromDateTime(DateTime.Parse(start, null, System.Globalization.DateTimeStyles.AdjustToUniversal));
        Assert.Equal(expected, resolution.StartOf(t));
        Assert.Equal(t == expected ? expected : expected + resolution.NanosPerBucket(), resolution.CeilingOf(t));
    }

    private static List<(RollupResolution, DateTime, DateTime)> Cover(DateTime from, DateTime to, RollupResolution coarsest = RollupResolution.Day) =>
        RollupPlan.Cover(UnixNano.FromDateTime(from), UnixNano.FromDateTime(to), coarsest)
            .Select(s => (s.Resolution, UnixNano.ToDateTime(s.FromUnixNano), UnixNano.ToDateTime(s.ToUnixNano)))
            .ToList();
}
