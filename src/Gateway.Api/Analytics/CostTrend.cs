namespace Observatory.Gateway.Api.Analytics;

/// <summary>
/// Ordinary least-squares line through daily values y₀…yₙ₋₁ at x = 0…n−1, with a 95% prediction band for a future day:
/// ŷ ± t₀.₉₇₅,ₙ₋₂ · s · √(1 + 1/n + (x − x̄)²/Sxx), where s is the residual standard error. A prediction band (not the
/// narrower band of the mean) because a dashboard asks what one day will cost. Pure arithmetic, no dependencies.
/// </summary>
public sealed class CostTrend
{
    // Two-sided 95% Student t quantiles for 1–30 degrees of freedom; beyond 30 an approximation that tends to 1.96.
    private static readonly double[] T975 =
    [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
        2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    ];

    private readonly int _n;
    private readonly double _meanX;
    private readonly double _sxx;
    private readonly double? _residualStdError;

    private CostTrend(int n, double slope, double intercept, double? rSquared, double meanX, double sxx, double? residualStdError)
    {
        _n = n;
        Slope = slope;
        Intercept = intercept;
        RSquared = rSquared;
        _meanX = meanX;
        _sxx = sxx;
        _residualStdError = residualStdError;
    }

    public double Slope { get; }
    public double Intercept { get; }

    /// <summary>Fraction of the variance the line explains; null when the values do not vary.</summary>
    public double? RSquared { get; }

    /// <summary>Fits the line; needs at least two values.</summary>
    public static CostTrend Fit(IReadOnlyList<double> values)
    {
        var n = values.Count;
        if (n < 2)
        {
            throw new ArgumentException("A trend needs at least two values.", nameof(values));
        }

        var meanX = (n - 1) / 2.0;
        var meanY = values.Average();
        double sxx = 0, sxy = 0, syy = 0;
        for (var x = 0; x < n; x++)
        {
            var dx = x - meanX;
            var dy = values[x] - meanY;
            sxx += dx * dx;
            sxy += dx * dy;
            syy += dy * dy;
        }

        var slope = sxy / sxx;
        var intercept = meanY - (slope * meanX);
        double sse = 0;
        for (var x = 0; x < n; x++)
        {
            var residual = values[x] - (intercept + (slope * x));
            sse += residual * residual;
        }

        double? rSquared = syy == 0 ? null : 1 - (sse / syy);
        double? residualStdError = n > 2 ? Math.Sqrt(sse / (n - 2)) : null;
        return new CostTrend(n, slope, intercept, rSquared, meanX, sxx, residualStdError);
    }

    /// <summary>The line's value at day <paramref name="x"/> and its 95% prediction band (null bounds with fewer than 3 values).</summary>
    public (double Value, double? Lower, double? Upper) Predict(double x)
    {
        var value = Intercept + (Slope * x);
        if (_residualStdError is not { } s)
        {
            return (value, null, null);
        }

        var halfWidth = TQuantile(_n - 2) * s * Math.Sqrt(1 + (1.0 / _n) + ((x - _meanX) * (x - _meanX) / _sxx));
        return (value, value - halfWidth, value + halfWidth);
    }

    /// <summary>The two-sided 95% quantile of Student's t with <paramref name="degreesOfFreedom"/> degrees of freedom.</summary>
    public static double TQuantile(int degreesOfFreedom) =>
        degreesOfFreedom <= T975.Length ? T975[degreesOfFreedom - 1] : 1.95996 + (2.4 / degreesOfFreedom);
}
