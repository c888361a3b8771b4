using System.Collections.Frozen;

namespace Observatory.Core.Llm;

/// <summary>
/// Canonical lowercase provider ids. Instrumentations spell providers many ways (gen_ai.provider.name "gcp.gemini",
/// legacy gen_ai.system "Anthropic", OpenInference llm.provider "azure"), but dashboards group by one id per provider.
/// </summary>
/// <remarks>
/// The canonical ids follow the OTel well-known gen_ai.provider.name values, except that one family gets one id
/// where the price does not depend on the door: every Google door (Gemini API, Vertex AI, gcp.gen_ai) is
/// <c>google</c>; Mistral is <c>mistral</c> (not mistral_ai); xAI is <c>xai</c>. Unknown values pass through
/// lowercased and trimmed.
/// </remarks>
public static class ProviderNames
{
    public const string OpenAi = "openai";
    public const string Anthropic = "anthropic";
    public const string Google = "google";
    public const string AwsBedrock = "aws.bedrock";
    public const string AzureOpenAi = "azure.ai.openai";
    public const string AzureInference = "azure.ai.inference";
    public const string Mistral = "mistral";
    public const string Cohere = "cohere";
    public const string DeepSeek = "deepseek";
    public const string Groq = "groq";
    public const string Watsonx = "ibm.watsonx.ai";
    public const string Perplexity = "perplexity";
    public const string XAi = "xai";

    private static readonly string[] MistralFamilies =
        ["mistral", "mixtral", "codestral", "ministral", "pixtral", "magistral", "devstral", "open-mistral", "open-mixtral"];

    private static readonly FrozenDictionary<string, string> CanonicalBySpelling = new Dictionary<string, string>
    {
        ["openai"] = OpenAi,
        ["open_ai"] = OpenAi,
        ["anthropic"] = Anthropic,
        ["google"] = Google,
        ["gcp.gemini"] = Google,
        ["gcp.vertex_ai"] = Google,
        ["gcp.gen_ai"] = Google,
        ["gemini"] = Google,
        ["google_genai"] = Google,
        ["google.genai"] = Google,
        ["vertex_ai"] = Google,
        ["vertexai"] = Google,
        ["vertex"] = Google,
        ["google-gla"] = Google,
        ["google-vertex"] = Google,
        ["aws.bedrock"] = AwsBedrock,
        ["aws_bedrock"] = AwsBedrock,
        ["bedrock"] = AwsBedrock,
        ["amazon-bedrock"] = AwsBedrock,
        ["aws"] = AwsBedrock,
        ["bedrock_converse"] = AwsBedrock,
        ["azure.ai.openai"] = AzureOpenAi,
        ["az.ai.openai"] = AzureOpenAi,
        ["azure"] = AzureOpenAi,
        ["azure_openai"] = AzureOpenAi,
        ["azureopenai"] = AzureOpenAi,
        ["azure-openai"] = AzureOpenAi,
        ["azure.ai.inference"] = AzureInference,
        ["az.ai.inference"] = AzureInference,
        ["azure_ai_inference"] = AzureInference,
        ["mistral"] = Mistral,
        ["mistral_ai"] = Mistral,
        ["mistralai"] = Mistral,
        ["cohere"] = Cohere,
        ["deepseek"] = DeepSeek,
        ["groq"] = Groq,
        ["ibm.watsonx.ai"] = Watsonx,
        ["watsonx"] = Watsonx,
        ["perplexity"] = Perplexity,
        ["x_ai"] = XAi,
        ["xai"] = XAi,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Frameworks that write their own name where the provider belongs (Strands' gen_ai.system strands-agents, older
    /// Google ADK's gcp.vertex.agent): they name no provider, so the provider is inferred from the model.
    /// </summary>
    private static readonly FrozenSet<string> FrameworkNames =
        new[] { "strands-agents", "gcp.vertex.agent" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The canonical id for a provider spelling; null for a blank value or a framework's name. The Vercel AI SDK names provider and API
    /// together (openai.chat, anthropic.messages, google.vertex.chat): an unknown dotted value whose first segment is
    /// a known provider gets that provider.
    /// </summary>
    public static string? Canonicalize(string? provider)
    {
        if (string.IsNullOrWhiteSpace(provider))
        {
            return null;
        }

        var trimmed = provider.Trim();
        if (FrameworkNames.Contains(trimmed))
        {
            return null;
        }

        if (CanonicalBySpelling.TryGetValue(trimmed, out var canonical))
        {
            return canonical;
        }

        var dot = trimmed.IndexOf('.');
        return dot > 0 && CanonicalBySpelling.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(trimmed.AsSpan(0, dot), out canonical)
            ? canonical
            : trimmed.ToLowerInvariant();
    }

    /// <summary>
    /// Guesses the provider from a model id, for spans that name no provider at all. A last resort:
    /// the same model is served by several hosts, so an explicit provider attribute always wins.
    /// </summary>
    public static string? InferFromModel(string? model)
    {
        if (string.IsNullOrWhiteSpace(model))
        {
            return null;
        }

        // us.anthropic.claude-…-v1:0, amazon.nova-pro-v1:0: only Bedrock names models this way.
        if (ModelIds.IsBedrockModelId(model))
        {
            return AwsBedrock;
        }

        var id = ModelIds.StripRouting(model);
        if (id.StartsWith("gpt-", StringComparison.Ordinal) || id.StartsWith("chatgpt-", StringComparison.Ordinal)
            || id.StartsWith("text-embedding-3", StringComparison.Ordinal) || id.StartsWith("text-embedding-ada", StringComparison.Ordinal)
            || IsOpenAiReasoningModel(id))
        {
            return OpenAi;
        }

        if (id.StartsWith("claude", StringComparison.Ordinal))
        {
            return Anthropic;
        }

        if (id.StartsWith("gemini", StringComparison.Ordinal) || id.StartsWith("text-embedding-00", StringComparison.Ordinal))
        {
            return Google;
        }

        return MistralFamilies.Any(family => id.StartsWith(family, StringComparison.Ordinal)) ? Mistral : null;
    }

    // o1, o3-mini, o4-mini-2025-04-16 … but not "ollama" or "orca".
    private static bool IsOpenAiReasoningModel(string id) =>
        id.Length >= 2 && id[0] == 'o' && char.IsAsciiDigit(id[1]) && (id.Length == 2 || id[2] == '-');
}
