using Grpc.Core;
using Observatory.Gateway.Otlp.Decoding;
using Observatory.Gateway.Otlp.Export;
using Observatory.Gateway.Otlp.Proto.Collector.Trace.V1;
using Observatory.Web;

namespace Observatory.Gateway.Otlp.Grpc;

/// <summary>OTLP/gRPC <c>TraceService.Export</c>. Size limits and gzip are Grpc.AspNetCore's (see <see cref="OtlpGatewayExtensions"/>).</summary>
public sealed class TraceExportService(TraceExportPipeline pipeline, ILogger<TraceExportService> logger) : TraceService.TraceServiceBase
{
    private static readonly ExportTraceServiceResponse Accepted = new();

    public override Task<ExportTraceServiceResponse> Export(ExportTraceServiceRequest request, ServerCallContext context) =>
        OtlpGrpcExport.AnswerAsync(() => pipeline.ExportAsync(context.GetHttpContext().ProjectId(), OtlpProtobufDecoder.Decode(request), context.CancellationToken), Accepted, context, logger);
}
