using System.IO.Compression;
using Grpc.Core;
using Grpc.Net.Compression;

namespace Observatory.Gateway.Otlp.Grpc;

/// <summary>
/// gRPC's gzip, except that a request message that is not valid gzip is INVALID_ARGUMENT naming the problem. With the
/// stock provider, GZipStream's <see cref="InvalidDataException"/> escapes as UNKNOWN "Exception was thrown by handler",
/// which reads as a server fault.
/// </summary>
internal sealed class StrictGzipCompressionProvider : ICompressionProvider
{
    private readonly GzipCompressionProvider _gzip = new(CompressionLevel.Fastest);

    public string EncodingName => _gzip.EncodingName;

    public Stream CreateCompressionStream(Stream stream, CompressionLevel? compressionLevel) => _gzip.CreateCompressionStream(stream, compressionLevel);

    public Stream CreateDecompressionStream(Stream stream) => new InvalidGzipIsInvalidArgument(_gzip.CreateDecompressionStream(stream));

    /// <summary>A read-only view of a decompression stream that turns corrupt input into an INVALID_ARGUMENT status.</summary>
    private sealed class InvalidGzipIsInvalidArgument(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            try
            {
                return inner.Read(buffer);
            }
            catch (InvalidDataException ex)
            {
                throw Invalid(ex);
            }
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            try
            {
                return await inner.ReadAsync(buffer, cancellationToken);
            }
            catch (InvalidDataException ex)
            {
                throw Invalid(ex);
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private static RpcException Invalid(InvalidDataException ex) => new(new Status(StatusCode.InvalidArgument, $"invalid gzip message: {ex.Message}", ex));
    }
}
