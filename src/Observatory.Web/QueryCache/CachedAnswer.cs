using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Observatory.Web.QueryCache;

/// <summary>
/// A 200 answer as stored in Redis: the project's write generation it was computed under, its strong ETag (a hash of
/// the body), content type and body, packed into one value so a lookup is a single MGET with the generation.
/// </summary>
internal sealed record CachedAnswer(long Generation, string ETag, string? ContentType, ReadOnlyMemory<byte> Body)
{
    /// <summary>A strong validator: the first 128 bits of the body's SHA-256, quoted.</summary>
    public static string ETagOf(ReadOnlySpan<byte> body)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(body, hash);
        return $"\"{Convert.ToHexStringLower(hash[..16])}\"";
    }

    public byte[] Pack()
    {
        var etag = Encoding.UTF8.GetBytes(ETag);
        var type = Encoding.UTF8.GetBytes(ContentType ?? "");
        var packed = new byte[8 + 2 + etag.Length + 2 + type.Length + Body.Length];
        var span = packed.AsSpan();
        BinaryPrimitives.WriteInt64LittleEndian(span, Generation);
        BinaryPrimitives.WriteUInt16LittleEndian(span[8..], (ushort)etag.Length);
        etag.CopyTo(span[10..]);
        var at = 10 + etag.Length;
        BinaryPrimitives.WriteUInt16LittleEndian(span[at..], (ushort)type.Length);
        type.CopyTo(span[(at + 2)..]);
        Body.Span.CopyTo(span[(at + 2 + type.Length)..]);
        return packed;
    }

    public static CachedAnswer? Unpack(ReadOnlyMemory<byte> packed)
    {
        var span = packed.Span;
        if (span.Length < 12)
        {
            return null;
        }

        var generation = BinaryPrimitives.ReadInt64LittleEndian(span);
        int etagLength = BinaryPrimitives.ReadUInt16LittleEndian(span[8..]);
        var at = 10 + etagLength;
        if (span.Length < at + 2)
        {
            return null;
        }

        int typeLength = BinaryPrimitives.ReadUInt16LittleEndian(span[at..]);
        if (span.Length < at + 2 + typeLength)
        {
            return null;
        }

        var type = Encoding.UTF8.GetString(span.Slice(at + 2, typeLength));
        return new CachedAnswer(generation, Encoding.UTF8.GetString(span.Slice(10, etagLength)), type.Length == 0 ? null : type,
            packed[(at + 2 + typeLength)..]);
    }
}
