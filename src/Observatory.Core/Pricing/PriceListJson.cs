using System.Globalization;
using System.Text.Json;

namespace Observatory.Core.Pricing;

/// <summary>
/// Reads the price-list format of <c>Pricing/prices.json</c>: a top-level <c>version</c> and <c>updated</c> date, and
/// <c>models</c>, each with <c>provider</c>, <c>model</c>, rates in USD per million tokens (<c>input</c>, <c>output</c>,
/// optional <c>cacheRead</c>, <c>cacheWrite</c>, <c>cacheWrite1h</c>, <c>reasoning</c>, and the modality rates
/// <c>audioInput</c>, <c>audioOutput</c>, <c>imageInput</c>), optional <c>effectiveFrom</c>
/// (a date, UTC midnight, or an ISO 8601 instant), <c>tiers</c> (<c>aboveInputTokens</c> plus rates),
/// <c>aliases</c>, <c>patterns</c>, <c>note</c>, and the required <c>source</c> URL and <c>asOf</c> date.
/// </summary>
/// <remarks>JsonDocument rather than a serializer: decimals stay exact and nothing depends on reflection.</remarks>
public static class PriceListJson
{
    /// <summary>A parsed price list.</summary>
    public sealed record PriceList(string? Version, DateOnly? Updated, IReadOnlyList<ModelPrice> Prices);

    public static PriceList Read(string json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var root = document.RootElement;
        var prices = new List<ModelPrice>();
        foreach (var entry in root.GetProperty("models").EnumerateArray())
        {
            var model = Required(entry, "model");
            try
            {
                prices.Add(ReadEntry(entry, model));
            }
            catch (Exception e) when (e is FormatException or KeyNotFoundException or InvalidOperationException)
            {
                throw new FormatException($"Price list entry '{model}': {e.Message}", e);
            }
        }

        return new PriceList(
            root.TryGetProperty("version", out var version) ? version.GetString() : null,
            root.TryGetProperty("updated", out var updated) ? ParseDate(updated.GetString()!) : null,
            prices);
    }

    private static ModelPrice ReadEntry(JsonElement entry, string model) =>
        new(Required(entry, "provider"), model, ReadRates(entry), Required(entry, "source"), ParseDate(Required(entry, "asOf")))
        {
            EffectiveFrom = entry.TryGetProperty("effectiveFrom", out var from) ? ParseInstant(from.GetString()!) : null,
            Tiers = entry.TryGetProperty("tiers", out var tiers)
                ? tiers.EnumerateArray()
                    .Select(t => new PriceTier(t.GetProperty("aboveInputTokens").GetInt64(), ReadRates(t)))
                    .OrderBy(t => t.AboveInputTokens)
                    .ToArray()
                : [],
            Aliases = Strings(entry, "aliases"),
            Patterns = Strings(entry, "patterns"),
            Note = entry.TryGetProperty("note", out var note) ? note.GetString() : null,
        };

    private static TokenRates ReadRates(JsonElement element) => new(
        element.GetProperty("input").GetDecimal(),
        element.GetProperty("output").GetDecimal(),
        OptionalDecimal(element, "cacheRead"),
        OptionalDecimal(element, "cacheWrite"),
        OptionalDecimal(element, "cacheWrite1h"),
        OptionalDecimal(element, "reasoning"),
        OptionalDecimal(element, "audioInput"),
        OptionalDecimal(element, "audioOutput"),
        OptionalDecimal(element, "imageInput"));

    private static string Required(JsonElement entry, string name) =>
        entry.GetProperty(name).GetString() ?? throw new FormatException($"'{name}' must be a string");

    private static IReadOnlyList<string> Strings(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out var values) ? values.EnumerateArray().Select(v => v.GetString()!).ToArray() : [];

    private static decimal? OptionalDecimal(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.GetDecimal() : null;

    private static DateOnly ParseDate(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseInstant(string text) =>
        text.Length == 10
            ? new DateTimeOffset(ParseDate(text).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)
            : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
