using System.Security.Cryptography;

namespace Observatory.Core.Redaction;

/// <summary>
/// A project's redaction settings: which kinds are redacted and how, the project's HMAC key, and which attribute keys
/// are redacted besides content. Stored per project as <see cref="RedactionSettings"/> JSON.
/// </summary>
public sealed record RedactionPolicy
{
    /// <summary>The shortest HMAC key accepted: 16 characters (a generated key is 32 random bytes in base64).</summary>
    public const int MinimumHmacKeyLength = 16;

    /// <summary>Redacts every kind by masking, over the default attribute keys. Needs no key.</summary>
    public static RedactionPolicy Default { get; } = new();

    /// <summary>Redacts nothing.</summary>
    public static RedactionPolicy Disabled { get; } = new() { Enabled = false };

    /// <summary>False turns redaction off for the project altogether.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The mode of each kind; a kind not listed is masked, so a new kind is never silently stored in clear.</summary>
    public IReadOnlyDictionary<PiiKind, RedactionMode> Modes { get; init; } = new Dictionary<PiiKind, RedactionMode>();

    /// <summary>The project's secret for <see cref="RedactionMode.Hash"/>; required when any kind is hashed.</summary>
    public string? HmacKey { get; init; }

    /// <summary>Whether <see cref="DefaultRedactedAttributes"/> apply in addition to the keys below.</summary>
    public bool IncludeDefaultAttributeKeys { get; init; } = true;

    /// <summary>Extra keys whose text is scanned by the detectors; a trailing <c>*</c> makes a prefix pattern.</summary>
    public IReadOnlyList<string> AttributeKeys { get; init; } = [];

    /// <summary>Extra keys whose whole value is replaced as the given kind; a trailing <c>*</c> makes a prefix pattern.</summary>
    public IReadOnlyDictionary<string, PiiKind> WholeValueAttributeKeys { get; init; } = new Dictionary<string, PiiKind>();

    public RedactionMode ModeOf(PiiKind kind) => Modes.TryGetValue(kind, out var mode) ? mode : RedactionMode.Mask;

    /// <summary>The scanned key patterns in force: the defaults (unless opted out) and <see cref="AttributeKeys"/>.</summary>
    public IEnumerable<string> EffectiveAttributeKeys =>
        IncludeDefaultAttributeKeys ? DefaultRedactedAttributes.ScannedKeys.Concat(AttributeKeys) : AttributeKeys;

    /// <summary>The whole-value key patterns in force; the policy's own entries override the defaults.</summary>
    public IEnumerable<KeyValuePair<string, PiiKind>> EffectiveWholeValueAttributeKeys =>
        IncludeDefaultAttributeKeys
            ? DefaultRedactedAttributes.WholeValueKeys.Where(d => !WholeValueAttributeKeys.ContainsKey(d.Key)).Concat(WholeValueAttributeKeys)
            : WholeValueAttributeKeys;

    /// <summary>Every problem that would stop a redactor being built from this policy; empty when it is usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        var hashes = PiiKinds.All.Where(kind => ModeOf(kind) == RedactionMode.Hash).ToList();
        if (Enabled && hashes.Count > 0 && (HmacKey is null || HmacKey.Length < MinimumHmacKeyLength))
        {
            problems.Add(
                $"hash mode ({string.Join(", ", hashes.Select(k => k.Name()))}) needs an hmacKey of at least {MinimumHmacKeyLength} characters");
        }

        foreach (var pattern in AttributeKeys.Concat(WholeValueAttributeKeys.Keys))
        {
            if (AttributeKeyPattern.Problem(pattern) is { } problem)
            {
                problems.Add(problem);
            }
        }

        return problems;
    }

    /// <summary>A fresh random HMAC key (32 bytes, base64) for a new project.</summary>
    public static string GenerateHmacKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
