using Grpc.Core;
using Observatory.Core.Metrics;
using Observatory.Gateway.Otlp.Export;
using Observatory.Gateway.Otlp.Proto.Collector.Metrics.V1;
using Observatory.Web;

namespace Observatory.Gateway.Otlp.Grpc;

/// <summary>
/// OTLP/gRPC <c>MetricsService.Export</c>, bound by <see cref="MetricExportMethodProvider"/>. Size limits and gzip are
/// Grpc.AspNetCore's (see <see cref="OtlpGatewayExtensions"/>).
/// </summary>
public sealed class MetricExportService(MetricExportPipeline pipeline, ILogger<MetricExportService> logger)
{
    private static readonly ExportMetricsServiceResponse Accepted = new();

    public Task<ExportMetricsServiceResponse> Export(OtlpGrpcRequest<MetricPointData> request, ServerCallContext context) =>
        OtlpGrpcExport.AnswerAsync("metrics", request, points => pipeline.ExportAsync(context.GetHttpContext().ProjectId(), points, context.CancellationToken), Accepted, context, logger);
}
