using Grpc.Core;
using Observatory.Gateway.Otlp.Decoding;
using Observatory.Gateway.Otlp.Export;
using Observatory.Gateway.Otlp.Proto.Collector.Logs.V1;
using Observatory.Web;

namespace Observatory.Gateway.Otlp.Grpc;

/// <summary>OTLP/gRPC <c>LogsService.Export</c>. Size limits and gzip are Grpc.AspNetCore's (see <see cref="OtlpGatewayExtensions"/>).</summary>
public sealed class LogExportService(LogExportPipeline pipeline, ILogger<LogExportService> logger) : LogsService.LogsServiceBase
{
    private static readonly ExportLogsServiceResponse Accepted = new();

    public override Task<ExportLogsServiceResponse> Export(ExportLogsServiceRequest request, ServerCallContext context) =>
        OtlpGrpcExport.AnswerAsync(() => pipeline.ExportAsync(context.GetHttpContext().ProjectId(), OtlpProtobufDecoder.Decode(request), context.CancellationToken), Accepted, context, logger);
}
