using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Observatory.Core.Spans;

/// <summary>
/// Writes attributes and events as the JSON text stored in PostgreSQL jsonb columns, with Utf8JsonWriter
/// (no reflection; span→row mapping is the hidden cost of ingest).
/// </summary>
/// <remarks>
/// jsonb cannot hold U+0000 nor UTF-8 an unpaired surrogate, so both become U+FFFD (<see cref="StorableText"/>) rather
/// than failing the whole batch's COPY.
/// OTLP values map as: array → JSON array, key-value list → object, bytes → base64 string,
/// NaN and ±Infinity → the strings "NaN", "Infinity", "-Infinity" (JSON has no such numbers).
/// </remarks>
internal sealed class AttributeJsonWriter
{
    private const string EmptyObject = "{}";
    private const string EmptyArray = "[]";

    private static readonly JsonWriterOptions Options = new()
    {
        // The text goes to a database, not into HTML: escaping <, > and non-ASCII would only bloat it.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly ArrayBufferWriter<byte> buffer = new(1024);
    private readonly Utf8JsonWriter writer;
    private readonly int maxValueBytes;

    public AttributeJsonWriter(int maxValueBytes)
    {
        this.maxValueBytes = maxValueBytes;
        writer = new Utf8JsonWriter(buffer, Options);
    }

    public string WriteObject(IReadOnlyList<KeyValuePair<string, object?>> attributes)
    {
        if (attributes.Count == 0)
        {
            return EmptyObject;
        }

        Restart();
        WriteAttributes(attributes);
        return Finish();
    }

    /// <summary>One value (a log body, say) as JSON text.</summary>
    public string WriteSingle(object? value)
    {
        Restart();
        WriteValue(value);
        return Finish();
    }

    public string WriteEvents(IReadOnlyList<SpanEventData> events)
    {
        if (events.Count == 0)
        {
            return EmptyArray;
        }

        Restart();
        writer.WriteStartArray();
        foreach (var spanEvent in events)
        {
            writer.WriteStartObject();
            writer.WriteString("name", StorableText.From(spanEvent.Name));
            writer.WriteNumber("timeUnixNano", spanEvent.TimeUnixNano);
            writer.WritePropertyName("attributes");
            WriteAttributes(spanEvent.Attributes);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        return Finish();
    }

    /// <summary>
    /// The value cut to <paramref name="maxBytes"/> UTF-8 bytes, on a character boundary, with a marker naming how
    /// many bytes were dropped; unchanged when it fits.
    /// </summary>
    public static string Truncate(string value, int maxBytes)
    {
        // Fast path: no UTF-16 char encodes to more than 3 UTF-8 bytes.
        if ((long)value.Length * 3 <= maxBytes)
        {
            return value;
        }

        var totalBytes = Encoding.UTF8.GetByteCount(value);
        if (totalBytes <= maxBytes)
        {
            return value;
        }

        var keptChars = 0;
        var keptBytes = 0;
        while (keptChars < value.Length)
        {
            var width = char.IsHighSurrogate(value[keptChars]) && keptChars + 1 < value.Length && char.IsLowSurrogate(value[keptChars + 1]) ? 2 : 1;
            var bytes = Encoding.UTF8.GetByteCount(value.AsSpan(keptChars, width));
            if (keptBytes + bytes > maxBytes)
            {
                break;
            }

            keptBytes += bytes;
            keptChars += width;
        }

        return string.Concat(value.AsSpan(0, keptChars), TruncationMarker(totalBytes - keptBytes));
    }

    public static string TruncationMarker(long droppedBytes) =>
        string.Create(CultureInfo.InvariantCulture, $"…[truncated {droppedBytes} bytes]");

    private void WriteAttributes(IReadOnlyList<KeyValuePair<string, object?>> attributes)
    {
        writer.WriteStartObject();
        for (var i = 0; i < attributes.Count; i++)
        {
            var (key, value) = attributes[i];
            writer.WritePropertyName(StorableText.From(key));
            WriteValue(value);
        }

        writer.WriteEndObject();
    }

    private void WriteValue(object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string s:
                writer.WriteStringValue(StorableText.From(Truncate(s, maxValueBytes)));
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case double d when double.IsFinite(d):
                writer.WriteNumberValue(d);
                break;
            case double d:
                writer.WriteStringValue(double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
                break;
            case byte[] bytes:
                WriteBytes(bytes);
                break;
            case IReadOnlyList<KeyValuePair<string, object?>> map:
                WriteAttributes(map);
                break;
            case IReadOnlyList<object?> items:
                writer.WriteStartArray();
                for (var i = 0; i < items.Count; i++)
                {
                    WriteValue(items[i]);
                }

                writer.WriteEndArray();
                break;
            default:
                // Not an OTLP value type; keep its text rather than lose the attribute.
                writer.WriteStringValue(StorableText.From(Truncate(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "", maxValueBytes)));
                break;
        }
    }

    private void WriteBytes(byte[] bytes)
    {
        // Base64 grows 3 bytes into 4 characters: keep as many raw bytes as fit in the limit once encoded.
        var keep = maxValueBytes / 4 * 3;
        if (bytes.Length <= keep)
        {
            writer.WriteBase64StringValue(bytes);
            return;
        }

        writer.WriteStringValue(Convert.ToBase64String(bytes, 0, keep) + TruncationMarker(bytes.Length - keep));
    }

    private void Restart()
    {
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
    }

    private string Finish()
    {
        writer.Flush();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
