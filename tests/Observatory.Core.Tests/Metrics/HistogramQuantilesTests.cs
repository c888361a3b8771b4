using Observatory.Core.Metrics;

namespace Observatory.Core.Tests.Metrics;

public class HistogramQuantilesTests
{
    [Fact]
    public void Percentiles_interpolate_inside_the_bucket_holding_the_rank()
    {
        var buckets = HistogramQuantiles.Explicit([1, 2, 4], [0, 10, 10, 0], min: null, max: null).ToList();
        Assert.Equal(2.0, HistogramQuantiles.Quantile(buckets, 0.5));
        Assert.Equal(3.8, HistogramQuantiles.Quantile(buckets, 0.95)!.Value, 9);
        Assert.Equal(1.1, HistogramQuantiles.Quantile(buckets, 0.05)!.Value, 9);
    }

    [Fact]
    public void Open_ended_buckets_are_closed_by_the_observed_min_and_max()
    {
        var buckets = HistogramQuantiles.Explicit([1], [2, 2], min: 0.5, max: 3).ToList();
        Assert.Equal(0.75, HistogramQuantiles.Quantile(buckets, 0.25));
        Assert.Equal(3.0, HistogramQuantiles.Quantile(buckets, 1.0));
        Assert.Null(HistogramQuantiles.Quantile([], 0.5));
    }

    [Fact]
    public void Exponential_buckets_cover_powers_of_the_base()
    {
        var buckets = HistogramQuantiles.Exponential(scale: 0, zeroCount: 1, positiveOffset: 1, positiveCounts: [0, 3]).ToList();
        Assert.Equal([new BucketCount(0, 0, 1), new BucketCount(4, 8, 3)], buckets);
        Assert.Equal(0.0, HistogramQuantiles.Quantile(buckets, 0.25));
        Assert.Equal(8.0, HistogramQuantiles.Quantile(buckets, 1.0));
    }

    [Theory]
    [InlineData("gen_ai.client.token.usage", "input", 3, TokenKind.Input)]
    [InlineData("gen_ai.client.token.usage", "completion", 3, TokenKind.Output)]
    [InlineData("gen_ai.client.inference.tokens", "output", 0, TokenKind.Output)]
    [InlineData("gen_ai.client.inference.input_tokens_by_cache", "read", 0, TokenKind.CacheRead)]
    [InlineData("gen_ai.client.inference.output_tokens_by_phase", "reasoning", 0, TokenKind.Reasoning)]
    [InlineData("gen_ai.client.inference.usage.detailed.cache_write.input_tokens", null, 1, TokenKind.CacheWrite)]
    [InlineData("gen_ai.client.inference.usage.input_tokens", null, 2, TokenKind.Input)]
    public void Token_instruments_of_every_generation_name_their_kind(string instrument, string? kindValue, int family, TokenKind kind) =>
        Assert.Equal(new TokenSource(family, kind), GenAiInstruments.Source(instrument, kindValue));

    [Fact]
    public void Instrument_filter_takes_exact_names_and_prefixes()
    {
        var filter = new MetricInstrumentFilter(" gen_ai.* , mcp.client.operation.duration");
        Assert.True(filter.Stores("gen_ai.client.token.usage"));
        Assert.True(filter.Stores("mcp.client.operation.duration"));
        Assert.False(filter.Stores("mcp.server.operation.duration"));
        Assert.False(filter.Stores("http.server.request.duration"));
        Assert.True(new MetricInstrumentFilter("*").Stores("anything"));
    }
}
