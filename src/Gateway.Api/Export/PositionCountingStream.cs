namespace Observatory.Gateway.Api.Export;

/// <summary>
/// A forward-only write stream that knows how many bytes went through it, for writers (Parquet) that read
/// <see cref="Stream.Position"/> to record offsets but never seek back. Synchronous writes (which Kestrel forbids on a
/// response body) are held and passed on with the next asynchronous write or flush, in order.
/// </summary>
public sealed class PositionCountingStream(Stream inner) : Stream
{
    private readonly MemoryStream _pending = new();
    private long _position;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => _position;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        _pending.Write(buffer, offset, count);
        _position += count;
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _pending.Write(buffer);
        _position += buffer.Length;
    }

    public override void WriteByte(byte value)
    {
        _pending.WriteByte(value);
        _position++;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await DrainAsync(cancellationToken);
        await inner.WriteAsync(buffer, cancellationToken);
        _position += buffer.Length;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() { }

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await DrainAsync(cancellationToken);
        await inner.FlushAsync(cancellationToken);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Passes on what is still held; the inner stream itself belongs to the caller.</summary>
    public override async ValueTask DisposeAsync()
    {
        await DrainAsync(CancellationToken.None);
        await _pending.DisposeAsync();
    }

    private async Task DrainAsync(CancellationToken ct)
    {
        if (_pending.Length > 0)
        {
            await inner.WriteAsync(_pending.GetBuffer().AsMemory(0, (int)_pending.Length), ct);
            _pending.SetLength(0);
        }
    }
}
