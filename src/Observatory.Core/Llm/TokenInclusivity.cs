namespace Observatory.Core.Llm;

/// <summary>The values of <see cref="LlmFacts.Inclusivity"/>.</summary>
public static class TokenInclusivity
{
    /// <summary>The emitter table knows whether this emitter's counts include the cache and the reasoning.</summary>
    public const string Known = "known";

    /// <summary>Unknown emitter: the counts were compared (cache greater than input cannot be inside it) and may be wrong.</summary>
    public const string Guessed = "guessed";
}
