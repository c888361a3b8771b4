namespace Observatory.Grains.Contracts;

/// <summary>
/// Grain keys always start with the project id, so nothing of one project can reach another's grains.
/// Parts are URI-escaped: provider and model names contain '/' (openai/gpt-4o) and ':' (Bedrock ids).
/// </summary>
public static class GrainKeys
{
    public static string Trace(string projectId, string traceId) => Join(projectId, traceId);

    public static string Model(string projectId, ModelId model) => Join(projectId, model.Provider, model.Model);

    public static string[] Split(string key) => key.Split('/').Select(Uri.UnescapeDataString).ToArray();

    private static string Join(params string[] parts) => string.Join('/', parts.Select(Uri.EscapeDataString));
}
