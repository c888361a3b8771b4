namespace Observatory.Core.Redaction;

/// <summary>What the redactor does with a detected value of one <see cref="PiiKind"/>.</summary>
public enum RedactionMode
{
    /// <summary>Leave the value as it is.</summary>
    Off,

    /// <summary>Replace the value with <c>[REDACTED:kind]</c>.</summary>
    Mask,

    /// <summary>
    /// Replace the value with <c>[kind:hmac:16 hex]</c>, a keyed HMAC-SHA256 of the value: equal values stay joinable
    /// within a project, and nobody without the project's key can test a guess.
    /// </summary>
    Hash,
}

/// <summary>The stable lower-case names of <see cref="RedactionMode"/> used in stored policies.</summary>
public static class RedactionModes
{
    public static string Name(this RedactionMode mode) => mode switch
    {
        RedactionMode.Off => "off",
        RedactionMode.Mask => "mask",
        RedactionMode.Hash => "hash",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown redaction mode."),
    };

    public static bool TryParse(string? name, out RedactionMode mode)
    {
        foreach (var candidate in Enum.GetValues<RedactionMode>())
        {
            if (string.Equals(candidate.Name(), name, StringComparison.OrdinalIgnoreCase))
            {
                mode = candidate;
                return true;
            }
        }

        mode = default;
        return false;
    }
}
