using Observatory.Gateway.Api.Analytics;

namespace Observatory.EndToEnd.Tests;

/// <summary>The forecast's least-squares line and 95% prediction band, on synthetic data worked out by hand.</summary>
public sealed class AnalyticsCostTrendTests
{
    [Fact]
    public void Fits_a_line_and_widens_the_band_away_from_the_data()
    {
        // y = 1, 3, 2, 5, 4 at x = 0..4: x̄ = 2, ȳ = 3, Sxx = 10, Sxy = 8 → slope 0.8, intercept 1.4;
        // residuals −0.4, 0.8, −1.0, 1.2, −0.6 → SSE = 3.6, s = √1.2, Syy = 10 → R² = 0.64; t(3) = 3.182.
        var trend = CostTrend.Fit([1, 3, 2, 5, 4]);
        Assert.Equal(0.8, trend.Slope, 10);
        Assert.Equal(1.4, trend.Intercept, 10);
        Assert.Equal(0.64, trend.RSquared!.Value, 10);

        var (value, lower, upper) = trend.Predict(5);
        Assert.Equal(5.4, value, 10);
        var halfWidth = 3.182 * Math.Sqrt(1.2) * Math.Sqrt(1 + 0.2 + (9 / 10.0));
        Assert.Equal(5.4 - halfWidth, lower!.Value, 10);
        Assert.Equal(5.4 + halfWidth, upper!.Value, 10);
        Assert.True(trend.Predict(8).Upper - trend.Predict(8).Lower > upper - lower);
    }

    [Fact]
    public void Flat_history_has_no_r_squared_and_two_points_have_no_band()
    {
        var flat = CostTrend.Fit([2, 2, 2]);
        Assert.Equal(0, flat.Slope);
        Assert.Null(flat.RSquared);
        Assert.Equal((2.0, 2.0, 2.0), (flat.Predict(10).Value, flat.Predict(10).Lower!.Value, flat.Predict(10).Upper!.Value));

        var two = CostTrend.Fit([1, 2]);
        Assert.Equal(3, two.Predict(2).Value, 10);
        Assert.Null(two.Predict(2).Lower);
        Assert.Throws<ArgumentException>(() => CostTrend.Fit([1]));
    }

    [Fact]
    public void T_quantiles_tend_to_the_normal_one()
    {
        Assert.Equal(12.706, CostTrend.TQuantile(1));
        Assert.Equal(2.042, CostTrend.TQuantile(30));
        Assert.InRange(CostTrend.TQuantile(60), 1.999, 2.001);
        Assert.InRange(CostTrend.TQuantile(100_000), 1.9599, 1.9601);
    }
}
