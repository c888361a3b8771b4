using Grpc.Core;
using Observatory.Core.Logs;
using Observatory.Gateway.Otlp.Export;
using Observatory.Gateway.Otlp.Proto.Collector.Logs.V1;
using Observatory.Web;

namespace Observatory.Gateway.Otlp.Grpc;

/// <summary>
/// OTLP/gRPC <c>LogsService.Export</c>, bound by <see cref="LogExportMethodProvider"/>. Size limits and gzip are
/// Grpc.AspNetCore's (see <see cref="OtlpGatewayExtensions"/>).
/// </summary>
public sealed class LogExportService(LogExportPipeline pipeline, ILogger<LogExportService> logger)
{
    private static readonly ExportLogsServiceResponse Accepted = new();

    public Task<ExportLogsServiceResponse> Export(OtlpGrpcRequest<LogRecordData> request, ServerCallContext context) =>
        OtlpGrpcExport.AnswerAsync("logs", request, records => pipeline.ExportAsync(context.GetHttpContext().ProjectId(), records, context.CancellationToken), Accepted, context, logger);
}
