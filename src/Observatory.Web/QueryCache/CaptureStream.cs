namespace Observatory.Web.QueryCache;

/// <summary>
/// Holds a response body back so it can be hashed and stored, up to a size limit; past it, the held bytes and
/// everything after go straight through (a streamed export is never buffered whole).
/// </summary>
internal sealed class CaptureStream(Stream inner, int limit, Action onOverflow) : Stream
{
    private MemoryStream? _held = new();

    /// <summary>The held body, or null once it outgrew the limit and went through.</summary>
    public MemoryStream? Held => _held;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_held is { } held)
        {
            if (held.Length + buffer.Length <= limit)
            {
                held.Write(buffer.Span);
                return;
            }

            _held = null;
            onOverflow();
            await inner.WriteAsync(held.GetBuffer().AsMemory(0, (int)held.Length), cancellationToken);
        }

        await inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override Task FlushAsync(CancellationToken cancellationToken) =>
        _held is null ? inner.FlushAsync(cancellationToken) : Task.CompletedTask;

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
