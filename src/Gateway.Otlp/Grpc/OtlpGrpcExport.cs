using Grpc.Core;
using Observatory.Core.Ingest;
using Observatory.Gateway.Otlp.Decoding;

namespace Observatory.Gateway.Otlp.Grpc;

/// <summary>How every OTLP/gRPC export service answers: OK once durable, INVALID_ARGUMENT for bad input, UNAVAILABLE to make the exporter retry.</summary>
internal static class OtlpGrpcExport
{
    public static async Task<TResponse> AnswerAsync<TResponse>(Func<Task> export, TResponse accepted, ServerCallContext context, ILogger logger)
    {
        try
        {
            await export();
            return accepted;
        }
        catch (OtlpDecodeException ex)
        {
            logger.LogInformation("Rejected an OTLP/gRPC {Method} from {Peer}: {Problem}", context.Method, context.Peer, ex.Message);
            throw new RpcException(new Status(StatusCode.InvalidArgument, ex.Message));
        }
        catch (IngestUnavailableException ex)
        {
            logger.LogWarning(ex, "OTLP/gRPC {Method} answered UNAVAILABLE: {Reason}", context.Method, ex.Message);
            throw new RpcException(new Status(StatusCode.Unavailable, ex.Message));
        }
    }
}
