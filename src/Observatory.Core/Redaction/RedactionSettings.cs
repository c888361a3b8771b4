using System.Text.Json;
using System.Text.Json.Serialization;

namespace Observatory.Core.Redaction;

/// <summary>
/// The stored, JSON-friendly shape of a <see cref="RedactionPolicy"/> (one per project). Every member is optional;
/// an empty object <c>{}</c> is the default policy. Names are the stable ones of <see cref="PiiKinds"/> and
/// <see cref="RedactionModes"/>:
/// <code>
/// {
///   "enabled": true,
///   "modes": { "email": "hash", "phone": "mask", "credit_card": "mask", "ip_address": "off", "secret": "mask", "identity": "hash" },
///   "hmacKey": "base64 of 32 random bytes",
///   "includeDefaultAttributeKeys": true,
///   "attributeKeys": [ "app.ticket.body", "app.chat.*" ],
///   "wholeValueAttributeKeys": { "app.customer.id": "identity" }
/// }
/// </code>
/// </summary>
public sealed record RedactionSettings
{
    public bool? Enabled { get; init; }

    /// <summary>Kind name → mode name; kinds not listed are masked.</summary>
    public Dictionary<string, string>? Modes { get; init; }

    /// <summary>A project secret: keep it server-side, never return it from an API.</summary>
    public string? HmacKey { get; init; }

    public bool? IncludeDefaultAttributeKeys { get; init; }

    public List<string>? AttributeKeys { get; init; }

    /// <summary>Key pattern → kind name.</summary>
    public Dictionary<string, string>? WholeValueAttributeKeys { get; init; }

    public static RedactionSettings FromPolicy(RedactionPolicy policy) => new()
    {
        Enabled = policy.Enabled,
        Modes = PiiKinds.All.ToDictionary(kind => kind.Name(), kind => policy.ModeOf(kind).Name()),
        HmacKey = policy.HmacKey,
        IncludeDefaultAttributeKeys = policy.IncludeDefaultAttributeKeys,
        AttributeKeys = [.. policy.AttributeKeys],
        WholeValueAttributeKeys = policy.WholeValueAttributeKeys.ToDictionary(k => k.Key, k => k.Value.Name()),
    };

    /// <summary>The policy these settings describe.</summary>
    /// <exception cref="FormatException">Naming every unknown kind or mode, a missing HMAC key or a bad key pattern.</exception>
    public RedactionPolicy ToPolicy()
    {
        var problems = new List<string>();
        var modes = new Dictionary<PiiKind, RedactionMode>();
        foreach (var (kindName, modeName) in Modes ?? [])
        {
            if (!PiiKinds.TryParse(kindName, out var kind))
            {
                problems.Add($"unknown kind '{kindName}' (expected one of {string.Join(", ", PiiKinds.All.Select(k => k.Name()))})");
            }
            else if (!RedactionModes.TryParse(modeName, out var mode))
            {
                problems.Add($"unknown mode '{modeName}' for {kindName} (expected off, mask or hash)");
            }
            else
            {
                modes[kind] = mode;
            }
        }

        var wholeValueKeys = new Dictionary<string, PiiKind>(StringComparer.Ordinal);
        foreach (var (pattern, kindName) in WholeValueAttributeKeys ?? [])
        {
            if (PiiKinds.TryParse(kindName, out var kind))
            {
                wholeValueKeys[pattern] = kind;
            }
            else
            {
                problems.Add($"unknown kind '{kindName}' for whole-value attribute key '{pattern}'");
            }
        }

        var policy = new RedactionPolicy
        {
            Enabled = Enabled ?? true,
            Modes = modes,
            HmacKey = HmacKey,
            IncludeDefaultAttributeKeys = IncludeDefaultAttributeKeys ?? true,
            AttributeKeys = AttributeKeys ?? [],
            WholeValueAttributeKeys = wholeValueKeys,
        };
        problems.AddRange(policy.Validate());
        return problems.Count == 0
            ? policy
            : throw new FormatException($"Invalid redaction settings: {string.Join("; ", problems)}.");
    }

    /// <summary>Reads settings from their stored JSON.</summary>
    /// <exception cref="FormatException">The text is not JSON of this shape.</exception>
    public static RedactionSettings Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, RedactionSettingsJsonContext.Default.RedactionSettings)
                ?? throw new FormatException("Redaction settings must be a JSON object, not null.");
        }
        catch (JsonException e)
        {
            throw new FormatException($"Redaction settings are not valid JSON: {e.Message}", e);
        }
    }

    public string ToJson() => JsonSerializer.Serialize(this, RedactionSettingsJsonContext.Default.RedactionSettings);
}

/// <summary>Source-generated (reflection-free) JSON for <see cref="RedactionSettings"/>.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = JsonCommentHandling.Skip)]
[JsonSerializable(typeof(RedactionSettings))]
internal sealed partial class RedactionSettingsJsonContext : JsonSerializerContext;
