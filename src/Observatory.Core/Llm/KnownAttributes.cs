using System.Collections.Frozen;
using static Observatory.Core.Llm.ConventionNames;

namespace Observatory.Core.Llm;

/// <summary>Families of attribute names that mark a dialect by prefix rather than by one exact name.</summary>
[Flags]
internal enum PrefixMarkers
{
    None = 0,

    /// <summary>traceloop.*</summary>
    Traceloop = 1,

    /// <summary>ai.*</summary>
    VercelAi = 2,

    /// <summary>gen_ai.prompt.{i}.* or gen_ai.completion.{i}.*</summary>
    IndexedPromptOrCompletion = 4,

    /// <summary>llm.input_messages.* or llm.output_messages.*</summary>
    OpenInferenceMessages = 8,

    /// <summary>gen_ai.openai.*</summary>
    LegacyOpenAi = 16,

    /// <summary>llm.token_count.*</summary>
    OpenInferenceTokenCount = 32,
}

/// <summary>
/// The values of the attributes the normalizer reads, collected in one pass over a span's attributes:
/// looking each of ~100 names up in a list of ~20 attributes would cost far more on the ingest hot path.
/// </summary>
internal sealed class KnownAttributes
{
    private static readonly FrozenDictionary<string, int> SlotByName = FactPrecedence.AllNames()
        .Concat(Emitters.EmitterTable.AttributeNames())
        .Distinct(StringComparer.Ordinal)
        .Select((name, slot) => (name, slot))
        .ToFrozenDictionary(p => p.name, p => p.slot, StringComparer.Ordinal);

    private readonly object?[] values = new object?[SlotByName.Count];

    public static int[] SlotsOf(IEnumerable<string> names) => names.Select(name => SlotByName[name]).ToArray();

    public static int SlotOf(string name) => SlotByName[name];

    /// <summary>The prefix families seen on the span.</summary>
    public PrefixMarkers Markers { get; private set; }

    /// <summary>Forgets the previous span and collects this one's values (the last duplicate key wins, as in JSON).</summary>
    public void Collect(IReadOnlyList<KeyValuePair<string, object?>> attributes)
    {
        Array.Clear(values);
        var markers = PrefixMarkers.None;
        for (var i = 0; i < attributes.Count; i++)
        {
            var (name, value) = attributes[i];
            markers |= MarkerOf(name);
            if (value is not null && SlotByName.TryGetValue(name, out var slot))
            {
                values[slot] = value;
            }
        }

        Markers = markers;
    }

    public object? this[int slot] => values[slot];

    public bool Has(int slot) => values[slot] is not null;

    public bool HasAny(int[] slots)
    {
        foreach (var slot in slots)
        {
            if (values[slot] is not null)
            {
                return true;
            }
        }

        return false;
    }

    private static PrefixMarkers MarkerOf(string name)
    {
        if (name.Length < 3)
        {
            return PrefixMarkers.None;
        }

        return name[0] switch
        {
            'a' when name.StartsWith(VercelAi.Prefix, StringComparison.Ordinal) => PrefixMarkers.VercelAi,
            't' when name.StartsWith(OpenLlmetry.Prefix, StringComparison.Ordinal) => PrefixMarkers.Traceloop,
            'g' when IsIndexed(name, OpenLlmetry.PromptPrefix) || IsIndexed(name, OpenLlmetry.CompletionPrefix) =>
                PrefixMarkers.IndexedPromptOrCompletion,
            'g' when name.StartsWith(OTelGenAiDeprecated.OpenAiPrefix, StringComparison.Ordinal) => PrefixMarkers.LegacyOpenAi,
            'l' when name.StartsWith(OpenInference.InputMessagesPrefix, StringComparison.Ordinal)
                || name.StartsWith(OpenInference.OutputMessagesPrefix, StringComparison.Ordinal) => PrefixMarkers.OpenInferenceMessages,
            'l' when name.StartsWith(OpenInference.TokenCountPrefix, StringComparison.Ordinal) => PrefixMarkers.OpenInferenceTokenCount,
            _ => PrefixMarkers.None,
        };
    }

    // gen_ai.prompt.0.role, not gen_ai.prompt.name (an OTel attribute of its own).
    private static bool IsIndexed(string name, string prefix) =>
        name.Length > prefix.Length && char.IsAsciiDigit(name[prefix.Length]) && name.StartsWith(prefix, StringComparison.Ordinal);
}
