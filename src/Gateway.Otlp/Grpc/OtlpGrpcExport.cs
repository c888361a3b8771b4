using Grpc.Core;
using Observatory.Core.Ingest;

namespace Observatory.Gateway.Otlp.Grpc;

/// <summary>How every OTLP/gRPC export service answers: OK once durable, INVALID_ARGUMENT for bad input, UNAVAILABLE to make the exporter retry.</summary>
internal static class OtlpGrpcExport
{
    public static async Task<TResponse> AnswerAsync<T, TResponse>(OtlpGrpcRequest<T> request, Func<IReadOnlyList<T>, Task> export, TResponse accepted,
        ServerCallContext context, ILogger logger)
    {
        if (request.Problem is { } problem)
        {
            logger.LogInformation("Rejected an OTLP/gRPC {Method} from {Peer}: {Problem}", context.Method, context.Peer, problem.Message);
            throw new RpcException(new Status(StatusCode.InvalidArgument, problem.Message));
        }

        try
        {
            await export(request.Items);
            return accepted;
        }
        catch (IngestUnavailableException ex)
        {
            logger.LogWarning(ex, "OTLP/gRPC {Method} answered UNAVAILABLE: {Reason}", context.Method, ex.Message);
            throw new RpcException(new Status(StatusCode.Unavailable, ex.Message));
        }
    }
}
