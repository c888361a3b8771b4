namespace Observatory.Core.Sketches;

/// <summary>
/// The stored form of a <see cref="LatencySketch"/>. Stored sketches outlive the code that wrote them, so every
/// layout keeps its version number and stays readable.
/// </summary>
/// <remarks>
/// Version 1 (γ = 1.01/0.99, bucket i = ⌈ln v / ln γ⌉):
/// <code>
/// byte     version = 1
/// uvarint  zero count
/// uvarint  number of non-empty buckets N
/// N ×      (index: zigzag varint for the first bucket, then uvarint gap − 1 from the previous; uvarint count)
/// </code>
/// Varints are LEB128 (7 bits per byte, low first). Buckets ascend, so a typical latency sketch costs ~2 bytes a bucket.
/// </remarks>
internal static class SketchBinaryFormat
{
    public const byte Version1 = 1;

    public static byte[] Write(long zeroCount, IEnumerable<(int Index, long Count)> buckets)
    {
        var list = buckets.ToList();
        var buffer = new byte[1 + 10 + 10 + list.Count * 15];
        var position = 0;
        buffer[position++] = Version1;
        WriteUnsigned(buffer, ref position, (ulong)zeroCount);
        WriteUnsigned(buffer, ref position, (ulong)list.Count);
        var previous = 0;
        for (var i = 0; i < list.Count; i++)
        {
            var (index, count) = list[i];
            var indexField = i == 0 ? ZigZag(index) : (ulong)((long)index - previous - 1);
            WriteUnsigned(buffer, ref position, indexField);
            WriteUnsigned(buffer, ref position, (ulong)count);
            previous = index;
        }

        return buffer.AsSpan(0, position).ToArray();
    }

    public static (long ZeroCount, List<(int Index, long Count)> Buckets) Read(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            throw new FormatException("An empty byte string is not a latency sketch.");
        }

        if (bytes[0] != Version1)
        {
            throw new FormatException($"Unknown latency sketch format version {bytes[0]}.");
        }

        var position = 1;
        var zeroCount = ReadCount(bytes, ref position);
        var bucketCount = ReadUnsigned(bytes, ref position);
        if (bucketCount > (ulong)(bytes.Length - position))
        {
            throw new FormatException("The latency sketch names more buckets than it holds.");
        }

        var buckets = new List<(int Index, long Count)>((int)bucketCount);
        long index = 0;
        for (ulong i = 0; i < bucketCount; i++)
        {
            var indexField = ReadUnsigned(bytes, ref position);
            index = i == 0 ? UnZigZag(indexField) : index + 1 + (long)Math.Min(indexField, int.MaxValue * 2UL);
            if (index is < int.MinValue or > int.MaxValue)
            {
                throw new FormatException("A latency sketch bucket index is out of range.");
            }

            buckets.Add(((int)index, ReadCount(bytes, ref position)));
        }

        if (position != bytes.Length)
        {
            throw new FormatException("Unexpected bytes after the latency sketch.");
        }

        return (zeroCount, buckets);
    }

    private static ulong ZigZag(int value) => (ulong)(uint)((value << 1) ^ (value >> 31));

    private static long UnZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);

    private static void WriteUnsigned(byte[] buffer, ref int position, ulong value)
    {
        while (value >= 0x80)
        {
            buffer[position++] = (byte)(value | 0x80);
            value >>= 7;
        }

        buffer[position++] = (byte)value;
    }

    private static long ReadCount(ReadOnlySpan<byte> bytes, ref int position)
    {
        var value = ReadUnsigned(bytes, ref position);
        return value <= long.MaxValue ? (long)value : throw new FormatException("A latency sketch count is out of range.");
    }

    private static ulong ReadUnsigned(ReadOnlySpan<byte> bytes, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= bytes.Length)
            {
                throw new FormatException("The latency sketch is truncated.");
            }

            var b = bytes[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new FormatException("A latency sketch varint is too long.");
    }
}
