using Observatory.Core.Llm;

namespace Observatory.Core.Pricing;

/// <summary>
/// Why a model call's cost is unknown, decided once when the span is priced (<see cref="CostCalculator"/>) and stored
/// with it (<c>spans.cost_unknown_reason</c>), so <c>GET /api/v1/diagnostics/coverage</c> counts reasons instead of
/// re-deriving them. The reason is the first thing the calculator lacked, in its order: a model, a price for it, the
/// input tokens, the output tokens, sane counts, a cost in range. Null when the cost is known (computed or supplied)
/// and for spans that are not model calls (agent, workflow and tool spans never carry a cost of their own).
/// </summary>
public static class CostUnknownReason
{
    /// <summary>The span names neither a response nor a request model.</summary>
    public const string NoModel = "no_model";

    /// <summary>
    /// The model id is a deployment or inference-profile name rather than a model id: an Azure deployment name that
    /// names no known model family, or an AWS Bedrock ARN. The fix is a custom price for that name (or sending the
    /// response model).
    /// </summary>
    public const string DeploymentName = "deployment_name";

    /// <summary>A model id the catalog (and the project's custom prices) has no price for at the call's time.</summary>
    public const string UnpricedModel = "unpriced_model";

    /// <summary>Neither input nor output tokens were reported (often a streaming span without usage).</summary>
    public const string NoUsage = "no_usage";

    /// <summary>Output tokens were reported but input tokens were not.</summary>
    public const string NoInputTokens = "no_input_tokens";

    /// <summary>Input tokens were reported but output tokens were not, on a call that produces output.</summary>
    public const string NoOutputTokens = "no_output_tokens";

    /// <summary>A token count was negative: a broken instrumentation.</summary>
    public const string InvalidUsage = "invalid_usage";

    /// <summary>The computed cost exceeded what any call can cost (a project's own rates gone wrong), or overflowed.</summary>
    public const string CostOutOfRange = "cost_out_of_range";

    /// <summary>Every reason, in the calculator's order.</summary>
    public static IReadOnlyList<string> All { get; } =
        [NoModel, DeploymentName, UnpricedModel, NoUsage, NoInputTokens, NoOutputTokens, InvalidUsage, CostOutOfRange];

    /// <summary>
    /// Why no price was found for a call naming <paramref name="provider"/> and <paramref name="model"/>:
    /// <see cref="NoModel"/>, <see cref="DeploymentName"/> or <see cref="UnpricedModel"/>.
    /// </summary>
    public static string ForMissingPrice(string? provider, string? model)
    {
        if (string.IsNullOrWhiteSpace(model))
        {
            return NoModel;
        }

        var id = model.Trim();
        // arn:aws:bedrock:…:inference-profile/…, application-inference-profile/…, provisioned-model/…: an account's
        // resource, not a model id.
        if (id.StartsWith("arn:", StringComparison.OrdinalIgnoreCase))
        {
            return DeploymentName;
        }

        // Azure OpenAI and Azure AI Inference name calls by the deployment the account chose ("prod-chat"); a name
        // that looks like no provider's model family is such a deployment, while "gpt-4o" under Azure is a model id.
        var canonical = ProviderNames.Canonicalize(provider);
        if (canonical is ProviderNames.AzureOpenAi or ProviderNames.AzureInference && ProviderNames.InferFromModel(id) is null)
        {
            return DeploymentName;
        }

        return UnpricedModel;
    }

    /// <summary>
    /// Why the token counts of <paramref name="facts"/> cannot be priced, or null when they can:
    /// <see cref="NoUsage"/>, <see cref="NoInputTokens"/>, <see cref="NoOutputTokens"/> or <see cref="InvalidUsage"/>.
    /// </summary>
    /// <param name="producesNoOutput">True for calls without output by nature (embeddings, a model whose output is free).</param>
    public static string? ForUsage(LlmFacts facts, bool producesNoOutput)
    {
        if (facts.InputTokens is null)
        {
            return facts.OutputTokens is null ? NoUsage : NoInputTokens;
        }

        if (facts.OutputTokens is null && !producesNoOutput)
        {
            return NoOutputTokens;
        }

        return facts.InputTokens < 0 || facts.OutputTokens < 0 || facts.CacheReadInputTokens < 0
            || facts.CacheCreationInputTokens < 0 || facts.ReasoningOutputTokens < 0
            || facts.TextInputTokens < 0 || facts.ImageInputTokens < 0 || facts.AudioInputTokens < 0 || facts.VideoInputTokens < 0
            || facts.TextOutputTokens < 0 || facts.AudioOutputTokens < 0
            ? InvalidUsage
            : null;
    }
}
