using Observatory.Core.Llm;
using Observatory.Core.Pricing;
using Observatory.Core.Spans;

namespace Observatory.Core.Tests.Llm;

/// <summary>
/// A number no real call can have is an unknown fact, not a stored one, and an identifier too long to index is cut with
/// a marker: one such span must not fail the COPY (and so the retries) of its whole batch.
/// </summary>
public sealed class FactLimitsTests
{
    private readonly SpanRecordFactory factory = new(PriceCatalog.Default);

    [Theory]
    [InlineData(long.MaxValue)]
    [InlineData("9223372036854775807")]
    [InlineData(1e19)]
    [InlineData(FactLimits.MaxTokens + 1)]
    public void Token_count_beyond_the_limit_is_unknown_and_so_is_the_cost(object tokens)
    {
        var record = factory.Create(TestSpans.With(
            ("gen_ai.provider.name", "openai"), ("gen_ai.request.model", "gpt-4o"),
            ("gen_ai.usage.input_tokens", tokens), ("gen_ai.usage.output_tokens", 10L)));

        var llm = record.Llm!;
        Assert.Equal(("openai", "gpt-4o", (long?)null, (long?)10), (llm.Provider, llm.Model, llm.InputTokens, llm.OutputTokens));
        Assert.Null(llm.CostUsd);
    }

    [Fact]
    public void Token_count_at_the_limit_is_kept_and_priced()
    {
        var llm = factory.Create(TestSpans.With(
            ("gen_ai.provider.name", "openai"), ("gen_ai.request.model", "gpt-4o"),
            ("gen_ai.usage.input_tokens", FactLimits.MaxTokens), ("gen_ai.usage.output_tokens", 0L))).Llm!;

        Assert.Equal(FactLimits.MaxTokens, llm.InputTokens);
        Assert.Equal(25_000m, llm.CostUsd); // 10^10 tokens at $2.50 per million
    }

    [Fact]
    public void Cache_counts_beyond_the_limit_cannot_overflow_the_inclusive_input()
    {
        var llm = factory.Create(TestSpans.With(
            ("gen_ai.provider.name", "anthropic"), ("gen_ai.request.model", "claude-sonnet-4-5"),
            ("gen_ai.usage.input_tokens", 100L), ("gen_ai.usage.output_tokens", 10L),
            ("gen_ai.usage.cache_read.input_tokens", long.MaxValue), ("gen_ai.usage.cache_creation.input_tokens", long.MaxValue))).Llm!;

        Assert.Equal((100L, (long?)null, (long?)null), (llm.InputTokens!.Value, llm.CacheReadInputTokens, llm.CacheCreationInputTokens));
    }

    [Theory]
    [InlineData("1e30")]
    [InlineData("1000000.01")]
    [InlineData(1e300)]
    public void Supplied_cost_beyond_the_limit_is_unknown_and_the_computed_cost_stands(object cost)
    {
        var llm = factory.Create(TestSpans.With(
            ("gen_ai.provider.name", "openai"), ("gen_ai.request.model", "gpt-4o"),
            ("gen_ai.usage.input_tokens", 1_000_000L), ("gen_ai.usage.output_tokens", 0L), ("gen_ai.usage.cost", cost))).Llm!;

        Assert.Null(llm.SuppliedCostUsd);
        Assert.Equal((2.5m, "computed"), (llm.CostUsd!.Value, llm.CostSource));
    }

    [Fact]
    public void Computed_cost_beyond_the_limit_under_a_projects_own_rates_is_unknown()
    {
        var rates = new TokenRates(InputPerMillion: 1e20m, OutputPerMillion: 1e20m);
        var facts = new LlmFacts { Provider = "openai", RequestModel = "house-model", InputTokens = FactLimits.MaxTokens, OutputTokens = FactLimits.MaxTokens };

        var applied = CostCalculator.Apply(facts, new OnePrice(new ModelPrice("openai", "house-model", rates, "custom", new DateOnly(2026, 1, 1))));

        Assert.Equal(((decimal?)null, (string?)null), (applied.CostUsd, applied.CostSource));
    }

    [Theory]
    [InlineData(1e300)]
    [InlineData(1e7)] // seconds: 115 days
    public void Time_to_first_token_beyond_the_limit_is_unknown(double seconds)
    {
        var llm = factory.Create(TestSpans.With(
            ("gen_ai.provider.name", "openai"), ("gen_ai.request.model", "gpt-4o"), ("gen_ai.response.time_to_first_chunk", seconds))).Llm!;

        Assert.Null(llm.TimeToFirstTokenMs);
    }

    [Fact]
    public void Identifiers_longer_than_an_index_row_allows_are_cut_with_a_marker()
    {
        var huge = new string('m', 5000);
        var span = TestSpans.With(
            ("gen_ai.provider.name", huge), ("gen_ai.request.model", huge), ("gen_ai.operation.name", huge),
            ("user.id", huge), ("session.id", huge), ("error.type", huge));
        var record = factory.Create(new SpanData
        {
            TraceId = span.TraceId,
            SpanId = span.SpanId,
            Name = span.Name,
            Attributes = span.Attributes,
            ResourceAttributes = TestSpans.Attributes(("service.name", huge)),
        });

        string?[] identifiers = [record.ServiceName, record.UserId, record.SessionId, record.ErrorType, record.Llm!.Provider, record.Llm.Model, record.Llm.Operation];
        Assert.All(identifiers, id =>
        {
            Assert.StartsWith(new string('m', FactLimits.MaxIdentifierBytes) + "…[truncated", id);
            Assert.EndsWith("bytes]", id);
        });
    }

    private sealed class OnePrice(ModelPrice price) : IPriceLookup
    {
        public bool TryFind(string? provider, string? model, DateTimeOffset at, out ModelPrice found)
        {
            found = price;
            return true;
        }
    }
}
