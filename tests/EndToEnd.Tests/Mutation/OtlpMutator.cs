using System.Text;

namespace Observatory.EndToEnd.Tests.Mutation;

/// <summary>
/// Seeded corruptions of valid OTLP bodies: bit flips, truncations, length and wire-type corruptions, huge varints,
/// splices and byte edits for protobuf; bit flips, truncations, splices, token edits, hostile escapes
/// (<c>\u0000</c>, lone surrogates) and out-of-range numbers for JSON. Each returns what it did, for the failure message.
/// </summary>
internal static class OtlpMutator
{
    public static (byte[] Bytes, string What) Protobuf(Random random, byte[] valid, byte[] other)
    {
        var fields = ProtobufFields.Of(valid);
        switch (random.Next(7))
        {
            case 0:
                return FlipBits(random, valid);
            case 1:
                return Truncate(random, valid);
            case 2 when fields.Any(f => f.WireType == 2):
                {
                    var field = Pick(random, fields.Where(f => f.WireType == 2).ToList());
                    var length = ProtobufFields.ReadVarint(valid, field.ValuePos);
                    ulong[] choices = [length + 1, length - 1, 0, length * 2, 0x7FFF_FFFF, ulong.MaxValue, (ulong)random.Next(1 << 20)];
                    var value = choices[random.Next(choices.Length)];
                    return (Replace(valid, field.ValuePos, field.ValueSize, ProtobufFields.Varint(value)), $"length at {field.ValuePos} {length} -> {value}");
                }

            case 3 when fields.Count > 0:
                {
                    var field = Pick(random, fields);
                    var bytes = (byte[])valid.Clone();
                    var wireType = random.Next(8);
                    bytes[field.TagPos] = (byte)((bytes[field.TagPos] & ~7) | wireType);
                    return (bytes, $"wire type at {field.TagPos} {field.WireType} -> {wireType}");
                }

            case 4 when fields.Any(f => f.WireType == 0):
                {
                    var field = Pick(random, fields.Where(f => f.WireType == 0).ToList());
                    ulong[] choices = [long.MaxValue, ulong.MaxValue, 1UL << 63, (ulong)long.MaxValue + 1, 1UL << 32, (ulong)random.NextInt64()];
                    var value = choices[random.Next(choices.Length)];
                    return (Replace(valid, field.ValuePos, field.ValueSize, ProtobufFields.Varint(value)), $"varint at {field.ValuePos} -> {value}");
                }

            case 5:
                return Splice(random, valid, other);
            default:
                return EditBytes(random, valid);
        }
    }

    private static readonly string[] JsonInsertions =
    [
        "\\u0000", "\\ud800", "\\udfff", "\\ud83d", "\u0000", "\"", "\\", "null", "1e999", "-1", "18446744073709551615", "9223372036854775807",
        "{}", "[]", "{", "]", ",", ":", "\\u", "\\x", "NaN", "\"\\ud800\":1,", "\uFFFF", "\uD83D\uDE00",
    ];

    public static (byte[] Bytes, string What) Json(Random random, byte[] valid, byte[] other)
    {
        switch (random.Next(7))
        {
            case 0:
                return FlipBits(random, valid);
            case 1:
                return Truncate(random, valid);
            case 2:
                return Splice(random, valid, other);
            case 3:
                {
                    // Right after a quote: half the time inside a string, where escapes are read.
                    var quotes = Positions(valid, (byte)'"');
                    var at = quotes.Count > 0 ? quotes[random.Next(quotes.Count)] + 1 : random.Next(valid.Length);
                    var insertion = JsonInsertions[random.Next(JsonInsertions.Length)];
                    return (Replace(valid, at, 0, Encoding.UTF8.GetBytes(insertion)), $"inserted {Escape(insertion)} at {at}");
                }

            case 4:
                {
                    var digits = Positions(valid, b => b is >= (byte)'0' and <= (byte)'9');
                    var at = digits.Count > 0 ? digits[random.Next(digits.Count)] : random.Next(valid.Length);
                    var run = 0;
                    while (at + run < valid.Length && valid[at + run] is >= (byte)'0' and <= (byte)'9')
                    {
                        run++;
                    }

                    string[] numbers = ["9223372036854775807", "18446744073709551616", "-9223372036854775808", "1e308", "1e400", "0.1e-400", "-0", "99999999999999999999999999999"];
                    var number = numbers[random.Next(numbers.Length)];
                    return (Replace(valid, at, run, Encoding.ASCII.GetBytes(number)), $"number at {at} -> {number}");
                }

            case 5:
                {
                    var at = random.Next(valid.Length);
                    var token = "{}[]\",:\\0-e "[random.Next(12)];
                    var bytes = (byte[])valid.Clone();
                    bytes[at] = (byte)token;
                    return (bytes, $"byte at {at} -> '{token}'");
                }

            default:
                return EditBytes(random, valid);
        }
    }

    /// <summary>A corruption of a gzip stream itself (its header, its deflate blocks, its trailer).</summary>
    public static (byte[] Bytes, string What) Gzip(Random random, byte[] gzip) => random.Next(3) switch
    {
        0 => FlipBits(random, gzip),
        1 => Truncate(random, gzip),
        _ => EditBytes(random, gzip),
    };

    private static (byte[], string) FlipBits(Random random, byte[] valid)
    {
        var bytes = (byte[])valid.Clone();
        var flips = 1 + random.Next(8);
        for (var i = 0; i < flips; i++)
        {
            bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
        }

        return (bytes, $"{flips} bit flips");
    }

    private static (byte[], string) Truncate(Random random, byte[] valid)
    {
        var length = random.Next(valid.Length);
        return (valid[..length], $"truncated to {length} of {valid.Length} bytes");
    }

    private static (byte[], string) Splice(Random random, byte[] valid, byte[] other)
    {
        var from = random.Next(other.Length);
        var count = random.Next(Math.Min(256, other.Length - from) + 1);
        var at = random.Next(valid.Length + 1);
        var replaced = random.Next(2) == 0 ? 0 : random.Next(Math.Min(256, valid.Length - at) + 1);
        return (Replace(valid, at, replaced, other.AsSpan(from, count).ToArray()), $"spliced {count} bytes of another export over {replaced} at {at}");
    }

    private static (byte[], string) EditBytes(Random random, byte[] valid)
    {
        var at = random.Next(valid.Length);
        switch (random.Next(3))
        {
            case 0:
                var inserted = new byte[1 + random.Next(8)];
                random.NextBytes(inserted);
                return (Replace(valid, at, 0, inserted), $"inserted {inserted.Length} random bytes at {at}");
            case 1:
                var deleted = random.Next(1, Math.Min(16, valid.Length - at) + 1);
                return (Replace(valid, at, deleted, []), $"deleted {deleted} bytes at {at}");
            default:
                var duplicated = random.Next(1, Math.Min(64, valid.Length - at) + 1);
                return (Replace(valid, at, 0, valid.AsSpan(at, duplicated).ToArray()), $"duplicated {duplicated} bytes at {at}");
        }
    }

    private static byte[] Replace(byte[] bytes, int at, int count, byte[] with) => [.. bytes.AsSpan(0, at), .. with, .. bytes.AsSpan(at + count)];

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static List<int> Positions(byte[] bytes, byte value) => Positions(bytes, b => b == value);

    private static List<int> Positions(byte[] bytes, Func<byte, bool> match)
    {
        var positions = new List<int>();
        for (var i = 0; i < bytes.Length; i++)
        {
            if (match(bytes[i]))
            {
                positions.Add(i);
            }
        }

        return positions;
    }

    private static string Escape(string text) => string.Concat(text.Select(c => c is < ' ' or > '~' ? $"\\u{(int)c:x4}" : c.ToString()));
}

/// <summary>Where the tags, varints and length prefixes of a protobuf message are, nested messages included.</summary>
internal static class ProtobufFields
{
    public readonly record struct Field(int TagPos, int WireType, int ValuePos, int ValueSize);

    public static List<Field> Of(byte[] message)
    {
        var fields = new List<Field>();
        Walk(message, 0, message.Length, fields, depth: 0);
        return fields;
    }

    public static ulong ReadVarint(byte[] bytes, int pos)
    {
        TryVarint(bytes, ref pos, bytes.Length, out var value);
        return value;
    }

    public static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);
        return bytes.ToArray();
    }

    // Strings are walked too, as if they were messages; what that finds is still a fine place to corrupt.
    private static void Walk(byte[] bytes, int start, int end, List<Field> fields, int depth)
    {
        var pos = start;
        while (pos < end)
        {
            var tagPos = pos;
            if (!TryVarint(bytes, ref pos, end, out var tag))
            {
                return;
            }

            var wireType = (int)(tag & 7);
            var valuePos = pos;
            switch (wireType)
            {
                case 0:
                    if (!TryVarint(bytes, ref pos, end, out _))
                    {
                        return;
                    }

                    fields.Add(new Field(tagPos, 0, valuePos, pos - valuePos));
                    break;
                case 1 or 5:
                    pos += wireType == 1 ? 8 : 4;
                    fields.Add(new Field(tagPos, wireType, valuePos, 0));
                    break;
                case 2:
                    if (!TryVarint(bytes, ref pos, end, out var length) || length > (ulong)(end - pos))
                    {
                        return;
                    }

                    fields.Add(new Field(tagPos, 2, valuePos, pos - valuePos));
                    if (depth < 16)
                    {
                        Walk(bytes, pos, pos + (int)length, fields, depth + 1);
                    }

                    pos += (int)length;
                    break;
                default:
                    return;
            }
        }
    }

    private static bool TryVarint(byte[] bytes, ref int pos, int end, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 70 && pos < end; shift += 7)
        {
            var b = bytes[pos++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return true;
            }
        }

        return false;
    }
}
