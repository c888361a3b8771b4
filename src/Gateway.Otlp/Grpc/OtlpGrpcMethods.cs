using System.Buffers;
using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Observatory.Core.Logs;
using Observatory.Core.Metrics;
using Observatory.Core.Spans;
using Observatory.Gateway.Otlp.Decoding;
using Observatory.Gateway.Otlp.Proto.Collector.Logs.V1;
using Observatory.Gateway.Otlp.Proto.Collector.Metrics.V1;
using Observatory.Gateway.Otlp.Proto.Collector.Trace.V1;

namespace Observatory.Gateway.Otlp.Grpc;

/// <summary>
/// The OTLP/gRPC export methods, bound with our own request marshaller instead of the generated one: the message bytes go
/// through the same <see cref="OtlpProtobufDecoder"/> entry point as an OTLP/HTTP protobuf body, so both transports
/// decode, and reject, the same bytes the same way.
/// </summary>
internal static class OtlpGrpcMethods
{
    public static readonly Method<OtlpGrpcRequest<SpanData>, ExportTraceServiceResponse> ExportTraces =
        Export(TraceService.Descriptor, OtlpProtobufDecoder.Decode, ExportTraceServiceResponse.Parser);

    public static readonly Method<OtlpGrpcRequest<LogRecordData>, ExportLogsServiceResponse> ExportLogs =
        Export(LogsService.Descriptor, OtlpProtobufDecoder.DecodeLogs, ExportLogsServiceResponse.Parser);

    public static readonly Method<OtlpGrpcRequest<MetricPointData>, ExportMetricsServiceResponse> ExportMetrics =
        Export(MetricsService.Descriptor, OtlpProtobufDecoder.DecodeMetrics, ExportMetricsServiceResponse.Parser);

    private static Method<OtlpGrpcRequest<T>, TResponse> Export<T, TResponse>(Google.Protobuf.Reflection.ServiceDescriptor service,
        Func<ReadOnlySequence<byte>, IReadOnlyList<T>> decode, MessageParser<TResponse> responseParser)
        where TResponse : class, IMessage<TResponse>, IBufferMessage
    {
        var request = Marshallers.Create<OtlpGrpcRequest<T>>(
            (_, _) => throw new NotSupportedException("The gateway only receives OTLP export requests."),
            context => DecodeRequest(context, decode));
        var response = Marshallers.Create<TResponse>(
            (message, context) =>
            {
                context.SetPayloadLength(message.CalculateSize());
                message.WriteTo(context.GetBufferWriter());
                context.Complete();
            },
            context => responseParser.ParseFrom(context.PayloadAsReadOnlySequence()));
        return new Method<OtlpGrpcRequest<T>, TResponse>(MethodType.Unary, service.FullName, "Export", request, response);
    }

    private static OtlpGrpcRequest<T> DecodeRequest<T>(DeserializationContext context, Func<ReadOnlySequence<byte>, IReadOnlyList<T>> decode)
    {
        try
        {
            return OtlpGrpcRequest<T>.Decoded(decode(context.PayloadAsReadOnlySequence()));
        }
        catch (OtlpDecodeException ex)
        {
            return OtlpGrpcRequest<T>.Malformed(ex);
        }
    }
}

/// <summary>Binds <c>TraceService.Export</c> to <see cref="TraceExportService"/> (picked up by <c>MapGrpcService</c>).</summary>
internal sealed class TraceExportMethodProvider : IServiceMethodProvider<TraceExportService>
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TraceExportService> context) =>
        context.AddUnaryMethod(OtlpGrpcMethods.ExportTraces, [], (service, request, call) => service.Export(request, call));
}

/// <summary>Binds <c>LogsService.Export</c> to <see cref="LogExportService"/> (picked up by <c>MapGrpcService</c>).</summary>
internal sealed class LogExportMethodProvider : IServiceMethodProvider<LogExportService>
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<LogExportService> context) =>
        context.AddUnaryMethod(OtlpGrpcMethods.ExportLogs, [], (service, request, call) => service.Export(request, call));
}

/// <summary>Binds <c>MetricsService.Export</c> to <see cref="MetricExportService"/> (picked up by <c>MapGrpcService</c>).</summary>
internal sealed class MetricExportMethodProvider : IServiceMethodProvider<MetricExportService>
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<MetricExportService> context) =>
        context.AddUnaryMethod(OtlpGrpcMethods.ExportMetrics, [], (service, request, call) => service.Export(request, call));
}
