using System.Collections.Frozen;

namespace Observatory.Core.Llm;

/// <summary>
/// The values of the attributes the normalizer reads, collected in one pass over a span's attributes:
/// looking each of ~40 names up in a list of ~20 attributes would cost far more on the ingest hot path.
/// </summary>
internal sealed class KnownAttributes
{
    private static readonly FrozenDictionary<string, int> SlotByName = FactPrecedence.AllNames()
        .Select((name, slot) => (name, slot))
        .ToFrozenDictionary(p => p.name, p => p.slot, StringComparer.Ordinal);

    private readonly object?[] values = new object?[SlotByName.Count];

    public static int[] SlotsOf(IEnumerable<string> names) => names.Select(name => SlotByName[name]).ToArray();

    /// <summary>Forgets the previous span and collects this one's values (the last duplicate key wins, as in JSON).</summary>
    public void Collect(IReadOnlyList<KeyValuePair<string, object?>> attributes)
    {
        Array.Clear(values);
        for (var i = 0; i < attributes.Count; i++)
        {
            var (name, value) = attributes[i];
            if (value is not null && SlotByName.TryGetValue(name, out var slot))
            {
                values[slot] = value;
            }
        }
    }

    public object? this[int slot] => values[slot];
}
