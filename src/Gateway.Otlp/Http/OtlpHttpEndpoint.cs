using System.Buffers;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Observatory.Core.Ingest;
using Observatory.Core.Logs;
using Observatory.Core.Metrics;
using Observatory.Core.Spans;
using Observatory.Gateway.Otlp.Decoding;
using Observatory.Gateway.Otlp.Export;
using Observatory.Gateway.Otlp.Hosting;
using Observatory.Web;
using Observatory.Web.Otlp;
using Observatory.Web.Telemetry;

namespace Observatory.Gateway.Otlp.Http;

/// <summary>
/// OTLP/HTTP <c>POST /v1/traces</c>, <c>POST /v1/logs</c> and <c>POST /v1/metrics</c>: protobuf or JSON, gzip or identity. Answers in the
/// request's encoding; errors carry a google.rpc.Status body (<see cref="OtlpErrorResponse"/>). Body reading,
/// limits, encodings and error answers are one implementation for every signal; a signal only brings its decoders.
/// </summary>
public static class OtlpHttpEndpoint
{
    public const string TracesPath = "/v1/traces";
    public const string LogsPath = "/v1/logs";
    public const string MetricsPath = "/v1/metrics";

    private static readonly OtlpHttpSignal<SpanData> Traces = new("spans", OtlpProtobufDecoder.Decode, OtlpJsonDecoder.Decode);
    private static readonly OtlpHttpSignal<LogRecordData> Logs = new("logs", OtlpProtobufDecoder.DecodeLogs, OtlpJsonDecoder.DecodeLogs);
    private static readonly OtlpHttpSignal<MetricPointData> Metrics = new("metrics", OtlpProtobufDecoder.DecodeMetrics, OtlpJsonDecoder.DecodeMetrics);

    private static readonly byte[] EmptyJsonResponse = "{}"u8.ToArray();

    /// <summary><c>POST /v1/traces</c>: spans to the <see cref="TraceExportPipeline"/>.</summary>
    public static Task HandleTracesAsync(HttpContext context, TraceExportPipeline pipeline, IOptions<OtlpGatewayOptions> options, ILoggerFactory loggers) =>
        HandleAsync(context, Traces, (spans, ct) => pipeline.ExportAsync(context.ProjectId(), spans, ct), options.Value, loggers);

    /// <summary><c>POST /v1/logs</c>: log records to the <see cref="LogExportPipeline"/>.</summary>
    public static Task HandleLogsAsync(HttpContext context, LogExportPipeline pipeline, IOptions<OtlpGatewayOptions> options, ILoggerFactory loggers) =>
        HandleAsync(context, Logs, (records, ct) => pipeline.ExportAsync(context.ProjectId(), records, ct), options.Value, loggers);

    /// <summary><c>POST /v1/metrics</c>: data points to the <see cref="MetricExportPipeline"/>.</summary>
    public static Task HandleMetricsAsync(HttpContext context, MetricExportPipeline pipeline, IOptions<OtlpGatewayOptions> options, ILoggerFactory loggers) =>
        HandleAsync(context, Metrics, (points, ct) => pipeline.ExportAsync(context.ProjectId(), points, ct), options.Value, loggers);

    private static async Task HandleAsync<T>(HttpContext context, OtlpHttpSignal<T> signal,
        Func<IReadOnlyList<T>, CancellationToken, Task<IngestOutcome>> export, OtlpGatewayOptions options, ILoggerFactory loggers)
    {
        var request = context.Request;
        using var measurement = OtlpExportMetrics.Measure(signal.Name, "http");
        try
        {
            var format = OtlpContentType.GetFormat(request.ContentType);
            var gzip = OtlpContentType.IsGzip(request.Headers.ContentEncoding);
            var items = await ReadItemsAsync(context, signal, format, gzip, options.MaxRequestBodyBytes, context.RequestAborted);
            measurement.ItemCount = items.Count;
            await export(items, context.RequestAborted);
            measurement.Outcome = OtlpExportMetrics.Accepted;
            await WriteSuccessAsync(context.Response, format);
        }
        catch (OtlpHttpException ex)
        {
            measurement.Outcome = OtlpExportMetrics.Rejected;
            loggers.CreateLogger(typeof(OtlpHttpEndpoint)).LogInformation("Rejected an OTLP/HTTP {Signal} export with {Status}: {Problem}", signal.Name, ex.HttpStatus, ex.Message);
            await OtlpErrorResponse.WriteAsync(context, ex.HttpStatus, ex.RpcCode, ex.Message);
        }
        catch (IngestUnavailableException ex)
        {
            loggers.CreateLogger(typeof(OtlpHttpEndpoint)).LogWarning(ex, "OTLP/HTTP {Signal} export answered 503: {Reason}", signal.Name, ex.Message);
            context.Response.Headers.RetryAfter = options.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await OtlpErrorResponse.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, RpcCodes.Unavailable, ex.Message);
        }
    }

    private static async Task<IReadOnlyList<T>> ReadItemsAsync<T>(HttpContext context, OtlpHttpSignal<T> signal, OtlpBodyFormat format, bool gzip, int limit,
        CancellationToken cancellationToken)
    {
        var request = context.Request;
        var unit = gzip ? "compressed body" : "body";
        if (request.ContentLength > limit)
        {
            throw OtlpHttpException.TooLarge($"request {unit} of {request.ContentLength} bytes exceeds the limit of {limit} bytes");
        }

        // Our own limit applies; lift Kestrel's default (about 28.6 MiB) so it cannot cut in first with a bare 413.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = null;
        }

        using var body = await ReadBodyAsync(request, limit, unit, cancellationToken);
        if (!gzip)
        {
            return Decode(signal, body.Memory, format);
        }

        using var decompressed = await GunzipAsync(body, limit, cancellationToken);
        return Decode(signal, decompressed.Memory, format);
    }

    private static async Task<PooledBody> ReadBodyAsync(HttpRequest request, int limit, string unit, CancellationToken cancellationToken)
    {
        try
        {
            return await PooledBody.ReadAsync(request.Body, limit, request.ContentLength, () => OtlpHttpException.TooLarge($"request {unit} exceeds the limit of {limit} bytes"), cancellationToken);
        }
        catch (BadHttpRequestException ex)
        {
            throw new OtlpHttpException(ex.StatusCode, RpcCodes.InvalidArgument, $"could not read the request body: {ex.Message}", ex);
        }
    }

    private static async Task<PooledBody> GunzipAsync(PooledBody body, int limit, CancellationToken cancellationToken)
    {
        try
        {
            return await body.GunzipAsync(limit, () => OtlpHttpException.TooLarge($"decompressed request body exceeds the limit of {limit} bytes"), cancellationToken);
        }
        catch (InvalidDataException ex)
        {
            throw OtlpHttpException.BadRequest($"invalid gzip body: {ex.Message}", ex);
        }
    }

    private static IReadOnlyList<T> Decode<T>(OtlpHttpSignal<T> signal, ReadOnlyMemory<byte> body, OtlpBodyFormat format)
    {
        try
        {
            return format == OtlpBodyFormat.Protobuf
                ? signal.DecodeProtobuf(new ReadOnlySequence<byte>(body))
                : signal.DecodeJson(body);
        }
        catch (OtlpDecodeException ex)
        {
            throw OtlpHttpException.BadRequest(ex.Message, ex);
        }
    }

    private static Task WriteSuccessAsync(HttpResponse response, OtlpBodyFormat format)
    {
        response.StatusCode = StatusCodes.Status200OK;
        if (format == OtlpBodyFormat.Protobuf)
        {
            // An Export*ServiceResponse without partial_success encodes to zero bytes, whatever the signal.
            response.ContentType = OtlpContentType.Protobuf;
            response.ContentLength = 0;
            return Task.CompletedTask;
        }

        response.ContentType = OtlpContentType.Json;
        response.ContentLength = EmptyJsonResponse.Length;
        return response.Body.WriteAsync(EmptyJsonResponse).AsTask();
    }
}

/// <summary>What differs between OTLP/HTTP signals: the name (for logs) and how a body decodes in each encoding.</summary>
internal sealed record OtlpHttpSignal<T>(
    string Name,
    Func<ReadOnlySequence<byte>, IReadOnlyList<T>> DecodeProtobuf,
    Func<ReadOnlyMemory<byte>, IReadOnlyList<T>> DecodeJson);
