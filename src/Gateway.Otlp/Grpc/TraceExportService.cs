using Grpc.Core;
using Observatory.Core.Spans;
using Observatory.Gateway.Otlp.Export;
using Observatory.Gateway.Otlp.Proto.Collector.Trace.V1;
using Observatory.Web;

namespace Observatory.Gateway.Otlp.Grpc;

/// <summary>
/// OTLP/gRPC <c>TraceService.Export</c>, bound by <see cref="TraceExportMethodProvider"/>. Size limits and gzip are
/// Grpc.AspNetCore's (see <see cref="OtlpGatewayExtensions"/>).
/// </summary>
public sealed class TraceExportService(TraceExportPipeline pipeline, ILogger<TraceExportService> logger)
{
    private static readonly ExportTraceServiceResponse Accepted = new();

    public Task<ExportTraceServiceResponse> Export(OtlpGrpcRequest<SpanData> request, ServerCallContext context) =>
        OtlpGrpcExport.AnswerAsync("spans", request, spans => pipeline.ExportAsync(context.GetHttpContext().ProjectId(), spans, context.CancellationToken), Accepted, context, logger);
}
