using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Observatory.Core.Redaction;

/// <summary>
/// HMAC-SHA256 (RFC 2104) of short values under one project key, with the padded keys computed once: the one-shot
/// <see cref="HMACSHA256.HashData(ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte})"/> sets a MAC context up on
/// every call, which dominated hash-mode redaction of PII-dense text. Thread-safe.
/// </summary>
internal sealed class ValueHasher
{
    private const int BlockSize = 64;
    private const int StackallocBytes = 512;

    private readonly byte[] innerPad = new byte[BlockSize];
    private readonly byte[] outerPad = new byte[BlockSize];

    public ValueHasher(ReadOnlySpan<byte> key)
    {
        Span<byte> block = stackalloc byte[BlockSize];
        block.Clear();
        if (key.Length > BlockSize)
        {
            SHA256.HashData(key, block);
        }
        else
        {
            key.CopyTo(block);
        }

        for (var i = 0; i < BlockSize; i++)
        {
            innerPad[i] = (byte)(block[i] ^ 0x36);
            outerPad[i] = (byte)(block[i] ^ 0x5c);
        }
    }

    /// <summary>Writes HMAC-SHA256(key, UTF-8 of <paramref name="value"/>) to <paramref name="destination"/> (32 bytes).</summary>
    public void Hash(ReadOnlySpan<char> value, Span<byte> destination)
    {
        var length = BlockSize + Encoding.UTF8.GetByteCount(value);
        byte[]? rented = null;
        var inner = length <= StackallocBytes ? stackalloc byte[StackallocBytes] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            innerPad.CopyTo(inner);
            Encoding.UTF8.GetBytes(value, inner[BlockSize..]);

            Span<byte> outer = stackalloc byte[BlockSize + SHA256.HashSizeInBytes];
            outerPad.CopyTo(outer);
            SHA256.HashData(inner[..length], outer[BlockSize..]);
            SHA256.HashData(outer, destination);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
