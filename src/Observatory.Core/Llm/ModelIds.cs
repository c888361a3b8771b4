using System.Text.RegularExpressions;

namespace Observatory.Core.Llm;

/// <summary>
/// Spellings of one model id: routers and clouds prefix it (openai/gpt-4o, models/gemini-1.5-pro,
/// us.anthropic.claude-…-v2:0) and providers suffix dated snapshots (gpt-4o-2024-08-06, claude-…@20241022).
/// </summary>
public static partial class ModelIds
{
    /// <summary>Lowercased, without a router path (openai/…, models/…) or an AWS Bedrock vendor prefix.</summary>
    public static string StripRouting(string model)
    {
        var id = model.Trim().ToLowerInvariant();
        var slash = id.LastIndexOf('/');
        if (slash >= 0)
        {
            id = id[(slash + 1)..];
        }

        return BedrockVendorPrefix().Replace(id, "");
    }

    /// <summary>True for an AWS Bedrock model or inference-profile id (anthropic.…, us.anthropic.…, amazon.nova-…).</summary>
    public static bool IsBedrockModelId(string model) => BedrockVendorPrefix().IsMatch(model.Trim().ToLowerInvariant());

    /// <summary>Without dated-snapshot and alias suffixes: -YYYY-MM-DD, -YYYYMMDD, -latest, @…, Bedrock -vN:M.</summary>
    public static string StripSnapshot(string id)
    {
        string stripped;
        while ((stripped = SnapshotSuffix().Replace(id, "")) != id && stripped.Length > 0)
        {
            id = stripped;
        }

        return id;
    }

    [GeneratedRegex(@"^(?:(?:us|eu|apac|us-gov|global|jp|au|ca)\.)?(?:anthropic|amazon|meta|mistral|cohere|ai21|deepseek|writer)\.", RegexOptions.CultureInvariant)]
    private static partial Regex BedrockVendorPrefix();

    [GeneratedRegex(@"(?:@.*|-v\d+:\d+|-latest|-\d{4}-\d{2}-\d{2}|-\d{8})$", RegexOptions.CultureInvariant)]
    private static partial Regex SnapshotSuffix();
}
