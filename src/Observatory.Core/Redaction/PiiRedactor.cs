using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Observatory.Core.Redaction.Detectors;

namespace Observatory.Core.Redaction;

/// <summary>
/// Redacts personal and secret data from span text and attributes at ingest, before anything is stored, as one
/// project's <see cref="RedactionPolicy"/> says. Immutable and thread-safe: build one per project policy and share it.
/// </summary>
/// <remarks>
/// Overlapping matches resolve to one: an existing marker first, then the longest match, then the more specific
/// detector (a JWT that is a Bearer token is one secret). Markers are never redacted again, so redaction is idempotent.
/// </remarks>
public sealed class PiiRedactor
{
    // The shortest text any detector can match ("1::2", "a@b.co" is longer).
    private const int MinimumLength = 4;

    // Per kind; cleared when full rather than evicted one by one (the hot values come straight back).
    private const int HashCacheSize = 4096;

    private readonly IPiiDetector[] detectors;
    private readonly RedactionMode[] modes;
    private readonly string[] masks;
    private readonly ValueHasher hasher;
    private readonly ConcurrentDictionary<string, string>[] hashCache;
    private readonly AttributeKeyMatcher attributeKeys;

    public PiiRedactor(RedactionPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var problems = policy.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"Invalid redaction policy: {string.Join("; ", problems)}.", nameof(policy));
        }

        Policy = policy;
        modes = PiiKinds.All.Select(kind => policy.Enabled ? policy.ModeOf(kind) : RedactionMode.Off).ToArray();
        masks = PiiKinds.All.Select(kind => $"{RedactionMarkers.MaskPrefix}{kind.Name()}]").ToArray();
        hasher = new ValueHasher(Encoding.UTF8.GetBytes(policy.HmacKey ?? ""));
        hashCache = PiiKinds.All.Select(_ => new ConcurrentDictionary<string, string>(StringComparer.Ordinal)).ToArray();
        detectors = PiiDetectors.All.Where(d => modes[(int)d.Kind] != RedactionMode.Off).ToArray();
        attributeKeys = new AttributeKeyMatcher(policy.EffectiveAttributeKeys, policy.EffectiveWholeValueAttributeKeys);
    }

    public RedactionPolicy Policy { get; }

    /// <summary>The text with every detected value masked or hashed; the same instance when nothing was found.</summary>
    public string Redact(string text) => Redact(text, null);

    /// <inheritdoc cref="Redact(string)"/>
    /// <param name="counts">Receives one count per redacted value, by kind.</param>
    public string Redact(string text, RedactionCounts? counts)
    {
        if (text.Length < MinimumLength || detectors.Length == 0)
        {
            return text;
        }

        var span = text.AsSpan();
        var traits = TextTraitsScanner.Of(span);
        if (traits == TextTraits.None)
        {
            return text;
        }

        List<PiiMatch>? matches = null;
        for (var i = 0; i < detectors.Length; i++)
        {
            if ((detectors[i].Requires & traits) == detectors[i].Requires && detectors[i].MightMatch(span))
            {
                detectors[i].Find(text, i, matches ??= []);
            }
        }

        if (matches is null || matches.Count == 0)
        {
            return text;
        }

        RedactionMarkers.Find(text, matches);
        var chosen = Resolve(matches);
        if (chosen.TrueForAll(m => m.IsMarker))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + (chosen.Count * 16));
        var position = 0;
        foreach (var match in chosen)
        {
            builder.Append(text, position, match.Start - position);
            if (match.IsMarker)
            {
                builder.Append(text, match.Start, match.Length);
            }
            else
            {
                builder.Append(Replacement(match.Kind, span.Slice(match.Start, match.Length)));
                counts?.Add(match.Kind);
            }

            position = match.End;
        }

        builder.Append(text, position, text.Length - position);
        return builder.ToString();
    }

    /// <summary>Whether the policy redacts this attribute (its text scanned, or its whole value replaced).</summary>
    public bool ShouldRedactAttribute(string key) => Policy.Enabled && attributeKeys.Match(key) is not null;

    /// <summary>
    /// The attributes with the policy's keys redacted: string values, arrays and key-value lists, recursively (a nested
    /// list's keys are matched by their dotted path, <c>parent.child</c>). Never mutates its input; returns the same
    /// instance when nothing changed, a new list otherwise.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, object?>> RedactAttributes(
        IReadOnlyList<KeyValuePair<string, object?>> attributes, RedactionCounts? counts = null) =>
        Policy.Enabled ? RedactAttributes(attributes, pathPrefix: null, counts) : attributes;

    /// <summary>
    /// Every string inside a value (an OTLP AnyValue: a log record body, an event payload) scanned by the detectors,
    /// whatever its keys; the same instance when nothing changed.
    /// </summary>
    public object? RedactValue(object? value, RedactionCounts? counts = null) => Policy.Enabled ? Scan(value, counts) : value;

    private IReadOnlyList<KeyValuePair<string, object?>> RedactAttributes(
        IReadOnlyList<KeyValuePair<string, object?>> attributes, string? pathPrefix, RedactionCounts? counts)
    {
        KeyValuePair<string, object?>[]? copy = null;
        for (var i = 0; i < attributes.Count; i++)
        {
            var (key, value) = attributes[i];
            if (value is null or bool or long or double)
            {
                // Scalars other than strings carry nothing to scan; whole-value keys are rarely numeric but still redacted.
                if (value is null || (attributeKeys.Match(Path(pathPrefix, key)) is not { WholeValueKind: { } numericKind }))
                {
                    continue;
                }

                (copy ??= [.. attributes])[i] = new(key, Whole(value, numericKind, counts));
                continue;
            }

            var path = Path(pathPrefix, key);
            var redacted = attributeKeys.Match(path) switch
            {
                { WholeValueKind: { } kind } => Whole(value, kind, counts),
                not null => Scan(value, counts),
                null when value is IReadOnlyList<KeyValuePair<string, object?>> nested => RedactAttributes(nested, path, counts),
                null => value,
            };

            if (!ReferenceEquals(redacted, value))
            {
                (copy ??= [.. attributes])[i] = new(key, redacted);
            }
        }

        return copy ?? attributes;
    }

    private static string Path(string? prefix, string key) => prefix is null ? key : $"{prefix}.{key}";

    private object? Scan(object? value, RedactionCounts? counts) => value switch
    {
        string text => Redact(text, counts),
        IReadOnlyList<KeyValuePair<string, object?>> map => MapValues(map, v => Scan(v, counts)),
        IReadOnlyList<object?> items => MapItems(items, v => Scan(v, counts)),
        _ => value,
    };

    private object? Whole(object? value, PiiKind kind, RedactionCounts? counts)
    {
        if (modes[(int)kind] == RedactionMode.Off)
        {
            return value;
        }

        switch (value)
        {
            case null:
                return null;
            case string text when text.Length == 0 || RedactionMarkers.IsMarker(text):
                return text;
            case string text:
                counts?.Add(kind);
                return Replacement(kind, text);
            case IReadOnlyList<KeyValuePair<string, object?>> map:
                return MapValues(map, v => Whole(v, kind, counts));
            case IReadOnlyList<object?> items:
                return MapItems(items, v => Whole(v, kind, counts));
            case byte[] bytes:
                counts?.Add(kind);
                return Replacement(kind, Convert.ToBase64String(bytes));
            default:
                counts?.Add(kind);
                return Replacement(kind, Convert.ToString(value, CultureInfo.InvariantCulture));
        }
    }

    private static IReadOnlyList<KeyValuePair<string, object?>> MapValues(
        IReadOnlyList<KeyValuePair<string, object?>> map, Func<object?, object?> redact)
    {
        KeyValuePair<string, object?>[]? copy = null;
        for (var i = 0; i < map.Count; i++)
        {
            var redacted = redact(map[i].Value);
            if (!ReferenceEquals(redacted, map[i].Value))
            {
                (copy ??= [.. map])[i] = new(map[i].Key, redacted);
            }
        }

        return copy ?? map;
    }

    private static IReadOnlyList<object?> MapItems(IReadOnlyList<object?> items, Func<object?, object?> redact)
    {
        object?[]? copy = null;
        for (var i = 0; i < items.Count; i++)
        {
            var redacted = redact(items[i]);
            if (!ReferenceEquals(redacted, items[i]))
            {
                // A string[] is an IReadOnlyList<object?> too; the copy must be object?[] to hold any value.
                copy ??= CopyItems(items);
                copy[i] = redacted;
            }
        }

        return copy ?? items;
    }

    private static object?[] CopyItems(IReadOnlyList<object?> items)
    {
        var copy = new object?[items.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = items[i];
        }

        return copy;
    }

    /// <summary>A sorted, non-overlapping selection: markers first, then longest, then most specific.</summary>
    private static List<PiiMatch> Resolve(List<PiiMatch> matches)
    {
        if (matches.Count == 1)
        {
            return matches;
        }

        matches.Sort(static (a, b) =>
            a.IsMarker != b.IsMarker ? (a.IsMarker ? -1 : 1)
            : a.Length != b.Length ? b.Length - a.Length
            : a.Specificity != b.Specificity ? a.Specificity - b.Specificity
            : a.Start - b.Start);

        // Kept sorted by start; the kept matches never overlap, so only the neighbours of a candidate can overlap it.
        var chosen = new List<PiiMatch>(matches.Count);
        var comparer = Comparer<PiiMatch>.Create(static (a, b) => a.Start.CompareTo(b.Start));
        foreach (var candidate in matches)
        {
            var index = chosen.BinarySearch(candidate, comparer);
            if (index >= 0)
            {
                continue;
            }

            index = ~index;
            if ((index > 0 && chosen[index - 1].Overlaps(candidate)) || (index < chosen.Count && chosen[index].Overlaps(candidate)))
            {
                continue;
            }

            chosen.Insert(index, candidate);
        }

        return chosen;
    }

    private string Replacement(PiiKind kind, ReadOnlySpan<char> value)
    {
        if (modes[(int)kind] != RedactionMode.Hash)
        {
            return masks[(int)kind];
        }

        // The same e-mail or user id recurs in every span of a conversation: remember recent markers.
        var cache = hashCache[(int)kind];
        var normalized = Normalize(kind, value);
        if (cache.TryGetValue(normalized, out var marker))
        {
            return marker;
        }

        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        hasher.Hash(normalized, hash);
        marker = $"[{kind.Name()}{RedactionMarkers.HashInfix}{Convert.ToHexStringLower(hash[..(RedactionMarkers.HashHexDigits / 2)])}]";
        if (cache.Count >= HashCacheSize)
        {
            cache.Clear();
        }

        cache[normalized] = marker;
        return marker;
    }

    /// <summary>
    /// The canonical spelling hashed for each kind, so that one value written two ways joins:
    /// <c>Bob@Example.com</c> and <c>bob@example.com</c>, <c>4111-1111-1111-1111</c> and <c>4111111111111111</c>.
    /// </summary>
    private static string Normalize(PiiKind kind, ReadOnlySpan<char> value)
    {
        switch (kind)
        {
            case PiiKind.Email:
                return value.ToString().ToLowerInvariant();
            case PiiKind.Phone:
            case PiiKind.CreditCard:
                Span<char> kept = value.Length <= 64 ? stackalloc char[value.Length] : new char[value.Length];
                var length = 0;
                foreach (var c in value)
                {
                    if (char.IsAsciiDigit(c) || c == '+')
                    {
                        kept[length++] = c;
                    }
                }

                return kept[..length].ToString();
            case PiiKind.IpAddress:
                return IPAddress.TryParse(value, out var address) ? address.ToString() : value.ToString();
            default:
                return value.ToString();
        }
    }
}
