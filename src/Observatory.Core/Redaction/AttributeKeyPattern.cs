using System.Collections.Frozen;

namespace Observatory.Core.Redaction;

/// <summary>How an attribute is redacted: its text scanned by the detectors, or its whole value replaced as one kind.</summary>
internal readonly record struct AttributeRule(PiiKind? WholeValueKind)
{
    public static AttributeRule Scan => default;
}

/// <summary>
/// Attribute key patterns: an exact key, or a prefix ending in <c>*</c>. <c>gen_ai.prompt.*</c> matches
/// <c>gen_ai.prompt</c> itself and every key under it.
/// </summary>
internal static class AttributeKeyPattern
{
    public static string? Problem(string? pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern))
        {
            return "an attribute key pattern is empty";
        }

        var star = pattern.IndexOf('*');
        return star >= 0 && star != pattern.Length - 1
            ? $"attribute key pattern '{pattern}': '*' is only allowed at the end (a prefix pattern)"
            : null;
    }
}

/// <summary>
/// Matches attribute keys against the policy's patterns. Runs for every attribute of every span, so exact keys are a
/// frozen set and prefixes are bucketed by their first segment (<c>gen_ai</c>, <c>llm</c>, …): a key is compared with
/// a handful of prefixes, not all of them.
/// </summary>
internal sealed class AttributeKeyMatcher
{
    private readonly FrozenDictionary<string, AttributeRule> exact;
    private readonly FrozenDictionary<string, (string Prefix, AttributeRule Rule)[]>.AlternateLookup<ReadOnlySpan<char>> prefixesBySegment;

    // Prefixes shorter than their first segment ("gen_*", "*") apply to every key.
    private readonly (string Prefix, AttributeRule Rule)[] unsegmentedPrefixes;

    public AttributeKeyMatcher(IEnumerable<string> scannedPatterns, IEnumerable<KeyValuePair<string, PiiKind>> wholeValuePatterns)
    {
        var rules = new Dictionary<string, AttributeRule>(StringComparer.Ordinal);
        foreach (var pattern in scannedPatterns)
        {
            rules.TryAdd(pattern, AttributeRule.Scan);
        }

        // A whole-value rule is stricter than scanning, so it wins when both name the same key.
        foreach (var (pattern, kind) in wholeValuePatterns)
        {
            rules[pattern] = new AttributeRule(kind);
        }

        exact = rules.Where(r => !r.Key.EndsWith('*')).ToFrozenDictionary(StringComparer.Ordinal);

        // Longest prefix first, so "a.b.*" decides before "a.*".
        var prefixes = rules.Where(r => r.Key.EndsWith('*'))
            .Select(r => (Prefix: r.Key[..^1], Rule: r.Value))
            .OrderByDescending(p => p.Prefix.Length)
            .ToList();
        unsegmentedPrefixes = prefixes.Where(p => !p.Prefix.Contains('.')).ToArray();
        prefixesBySegment = prefixes.Where(p => p.Prefix.Contains('.'))
            .GroupBy(p => FirstSegment(p.Prefix).ToString())
            .ToFrozenDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal)
            .GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public AttributeRule? Match(string key)
    {
        if (exact.TryGetValue(key, out var rule))
        {
            return rule;
        }

        if (prefixesBySegment.TryGetValue(FirstSegment(key), out var candidates))
        {
            foreach (var (prefix, prefixRule) in candidates)
            {
                if (key.StartsWith(prefix, StringComparison.Ordinal) || IsSubtreeRoot(key, prefix))
                {
                    return prefixRule;
                }
            }
        }

        foreach (var (prefix, prefixRule) in unsegmentedPrefixes)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                return prefixRule;
            }
        }

        return null;
    }

    /// <summary><c>llm.input_messages.*</c> covers <c>llm.input_messages</c> itself (sent whole, as an array) too.</summary>
    private static bool IsSubtreeRoot(string key, string prefix) =>
        prefix.Length == key.Length + 1 && prefix[^1] == '.' && prefix.StartsWith(key, StringComparison.Ordinal);

    private static ReadOnlySpan<char> FirstSegment(string key)
    {
        var dot = key.IndexOf('.');
        return dot < 0 ? key : key.AsSpan(0, dot);
    }
}
