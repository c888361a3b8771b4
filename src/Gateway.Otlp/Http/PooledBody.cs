using System.Buffers;
using System.IO.Compression;

namespace Observatory.Gateway.Otlp.Http;

/// <summary>
/// A request body held in a pooled buffer that never grows past a byte limit, so neither a huge body nor a gzip
/// bomb can make the gateway allocate more than the limit.
/// </summary>
internal sealed class PooledBody : IDisposable
{
    private const int InitialSize = 16 * 1024;
    private byte[] _buffer;

    private PooledBody(int initialSize) => _buffer = ArrayPool<byte>.Shared.Rent(initialSize);

    public int Length { get; private set; }

    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, Length);

    /// <summary>Reads <paramref name="source"/> to its end; <paramref name="tooLarge"/> is thrown past <paramref name="limit"/> bytes.</summary>
    public static async Task<PooledBody> ReadAsync(Stream source, int limit, long? sizeHint, Func<Exception> tooLarge, CancellationToken cancellationToken)
    {
        var initialSize = (int)Math.Clamp(sizeHint ?? InitialSize, 1, Math.Min(limit + 1L, Array.MaxLength));
        var body = new PooledBody(initialSize);
        try
        {
            while (true)
            {
                if (body.Length == body._buffer.Length)
                {
                    if (body.Length > limit)
                    {
                        throw tooLarge();
                    }

                    body.Grow((int)Math.Min(Math.Min(body._buffer.Length * 2L, limit + 1L), Array.MaxLength));
                }

                var read = await source.ReadAsync(body._buffer.AsMemory(body.Length), cancellationToken);
                if (read == 0)
                {
                    return body;
                }

                body.Length += read;
                if (body.Length > limit)
                {
                    throw tooLarge();
                }
            }
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    /// <summary>Decompresses a gzip body (concatenated members included), stopping at <paramref name="limit"/> decompressed bytes.</summary>
    public async Task<PooledBody> GunzipAsync(int limit, Func<Exception> tooLarge, CancellationToken cancellationToken)
    {
        await using var gzip = new GZipStream(new MemoryStream(_buffer, 0, Length, writable: false), CompressionMode.Decompress);
        return await ReadAsync(gzip, limit, Math.Min(Length * 4L, limit), tooLarge, cancellationToken);
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Grow(int size)
    {
        var bigger = ArrayPool<byte>.Shared.Rent(size);
        _buffer.AsSpan(0, Length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }
}
