using Grpc.Core;
using Observatory.Core.Ingest;
using Observatory.Gateway.Otlp.Decoding;
using Observatory.Gateway.Otlp.Export;
using Observatory.Gateway.Otlp.Proto.Collector.Trace.V1;

namespace Observatory.Gateway.Otlp.Grpc;

/// <summary>OTLP/gRPC <c>TraceService.Export</c>. Size limits and gzip are Grpc.AspNetCore's (see OtlpGatewayServiceCollectionExtensions).</summary>
public sealed class TraceExportService(TraceExportPipeline pipeline, ILogger<TraceExportService> logger) : TraceService.TraceServiceBase
{
    private static readonly ExportTraceServiceResponse Accepted = new();

    public override async Task<ExportTraceServiceResponse> Export(ExportTraceServiceRequest request, ServerCallContext context)
    {
        try
        {
            var spans = OtlpProtobufDecoder.Decode(request);
            await pipeline.ExportAsync(spans, context.CancellationToken);
            return Accepted;
        }
        catch (OtlpDecodeException ex)
        {
            logger.LogInformation("Rejected an OTLP/gRPC export from {Peer}: {Problem}", context.Peer, ex.Message);
            throw new RpcException(new Status(StatusCode.InvalidArgument, ex.Message));
        }
        catch (IngestUnavailableException ex)
        {
            logger.LogWarning(ex, "OTLP/gRPC export answered UNAVAILABLE: {Reason}", ex.Message);
            throw new RpcException(new Status(StatusCode.Unavailable, ex.Message));
        }
    }
}
