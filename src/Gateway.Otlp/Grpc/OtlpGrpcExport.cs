using Grpc.Core;
using Observatory.Core.Ingest;
using Observatory.Web.Telemetry;

namespace Observatory.Gateway.Otlp.Grpc;

/// <summary>How every OTLP/gRPC export service answers: OK once durable, INVALID_ARGUMENT for bad input, UNAVAILABLE to make the exporter retry.</summary>
internal static class OtlpGrpcExport
{
    /// <summary>Set on the request once this handler has counted its export, so <see cref="GrpcFramingAnswer"/> does not count it again.</summary>
    public static readonly object Measured = new();

    public static async Task<TResponse> AnswerAsync<T, TResponse>(string signal, OtlpGrpcRequest<T> request, Func<IReadOnlyList<T>, Task> export,
        TResponse accepted, ServerCallContext context, ILogger logger)
    {
        context.GetHttpContext().Items[Measured] = true;
        using var measurement = OtlpExportMetrics.Measure(signal, "grpc");
        measurement.ItemCount = request.Items.Count;
        if (request.Problem is { } problem)
        {
            measurement.Outcome = OtlpExportMetrics.Rejected;
            logger.LogInformation("Rejected an OTLP/gRPC {Method} from {Peer}: {Problem}", context.Method, context.Peer, problem.Message);
            throw new RpcException(new Status(StatusCode.InvalidArgument, problem.Message));
        }

        try
        {
            await export(request.Items);
            measurement.Outcome = OtlpExportMetrics.Accepted;
            return accepted;
        }
        catch (IngestUnavailableException ex)
        {
            logger.LogWarning(ex, "OTLP/gRPC {Method} answered UNAVAILABLE: {Reason}", context.Method, ex.Message);
            throw new RpcException(new Status(StatusCode.Unavailable, ex.Message));
        }
    }
}
