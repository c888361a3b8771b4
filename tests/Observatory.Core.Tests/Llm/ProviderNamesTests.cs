using Observatory.Core.Llm;

namespace Observatory.Core.Tests.Llm;

public class ProviderNamesTests
{
    [Theory]
    [InlineData("openai", "openai")]
    [InlineData("OpenAI", "openai")]
    [InlineData("Anthropic", "anthropic")]
    [InlineData("gcp.gemini", "google")]
    [InlineData("gcp.vertex_ai", "google")]
    [InlineData("gcp.gen_ai", "google")]
    [InlineData("VertexAI", "google")]
    [InlineData("google", "google")]
    [InlineData("google-gla", "google")]
    [InlineData("google-vertex", "google")]
    [InlineData("aws.bedrock", "aws.bedrock")]
    [InlineData("AWS", "aws.bedrock")]
    [InlineData("Azure", "azure.ai.openai")]
    [InlineData("az.ai.openai", "azure.ai.openai")]
    [InlineData("azure.ai.inference", "azure.ai.inference")]
    [InlineData("mistral_ai", "mistral")]
    [InlineData("MistralAI", "mistral")]
    [InlineData("x_ai", "xai")]
    [InlineData(" Ollama ", "ollama")]
    [InlineData("openai.chat", "openai")]
    [InlineData("openai.responses", "openai")]
    [InlineData("anthropic.messages", "anthropic")]
    [InlineData("google.generative-ai", "google")]
    [InlineData("google.vertex.chat", "google")]
    [InlineData("amazon-bedrock", "aws.bedrock")]
    [InlineData("mistral.chat", "mistral")]
    [InlineData("xai.chat", "xai")]
    [InlineData("acme.chat", "acme.chat")]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Provider_spellings_map_to_one_lowercase_id(string? spelling, string? canonical)
    {
        Assert.Equal(canonical, ProviderNames.Canonicalize(spelling));
    }
}
