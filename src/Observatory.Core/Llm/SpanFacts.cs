namespace Observatory.Core.Llm;

/// <summary>What the normalizer reads from any span: its LLM facts (null when it is not an LLM call) and who and what failed.</summary>
public readonly record struct SpanFacts(LlmFacts? Llm, string? UserId, string? SessionId, string? ErrorType);
