using Observatory.Gateway.Otlp.Decoding;

namespace Observatory.Gateway.Otlp.Grpc;

/// <summary>
/// An OTLP/gRPC export as the gRPC marshaller hands it over: the decoded items, or why the message could not be
/// decoded. Carrying the problem rather than throwing it keeps a malformed message out of Grpc.AspNetCore's
/// deserializer path, which would answer UNKNOWN "Exception was thrown by handler" instead of INVALID_ARGUMENT.
/// </summary>
public sealed class OtlpGrpcRequest<T>
{
    private OtlpGrpcRequest(IReadOnlyList<T> items, OtlpDecodeException? problem) => (Items, Problem) = (items, problem);

    public IReadOnlyList<T> Items { get; }

    /// <summary>Null when the message decoded.</summary>
    public OtlpDecodeException? Problem { get; }

    public static OtlpGrpcRequest<T> Decoded(IReadOnlyList<T> items) => new(items, null);

    public static OtlpGrpcRequest<T> Malformed(OtlpDecodeException problem) => new([], problem);
}
