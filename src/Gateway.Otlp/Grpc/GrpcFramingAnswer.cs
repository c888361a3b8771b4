using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Observatory.Web.Telemetry;

namespace Observatory.Gateway.Otlp.Grpc;

/// <summary>
/// Wraps the OTLP/gRPC endpoints so a request the client framed wrong is INVALID_ARGUMENT, like any other bad input.
/// Grpc.AspNetCore reads the 5-byte message prefix before our code runs, and answers a compressed flag other than 0 or
/// 1 with UNKNOWN and a length prefix that promises more bytes than arrive (or a compressed flag without a
/// grpc-encoding) with INTERNAL: both read as server faults. An export refused before our handler ran (framing, a message
/// over the size limit, a gzip body that is not gzip) is still counted on <c>/metrics</c>, like the handler's own.
/// </summary>
internal static class GrpcFramingAnswer
{
    private static readonly string Internal = Code(StatusCode.Internal);
    private static readonly string InvalidArgument = Code(StatusCode.InvalidArgument);
    private static readonly string ResourceExhausted = Code(StatusCode.ResourceExhausted);

    public static TBuilder AnswerBadFramingAsInvalidArgument<TBuilder>(this TBuilder endpoint)
        where TBuilder : IEndpointConventionBuilder
    {
        endpoint.Add(builder =>
        {
            var handle = builder.RequestDelegate ?? throw new InvalidOperationException("A gRPC endpoint without a request delegate.");
            builder.RequestDelegate = async context =>
            {
                var started = Stopwatch.GetTimestamp();
                if (await PeekCompressedFlagAsync(context.Request) is > 1 and var flag)
                {
                    Answer(context.Response, $"malformed gRPC request framing: compressed flag {flag}, expected 0 or 1");
                    CountIfRefusedBeforeTheHandler(context, started);
                    return;
                }

                await handle(context);
                AnswerInternalAsInvalidArgument(context.Response);
                CountIfRefusedBeforeTheHandler(context, started);
            };
        });
        return endpoint;
    }

    /// <summary>The first byte of the body without consuming it (the gRPC handler reads it again), or null for an empty body.</summary>
    private static async Task<int?> PeekCompressedFlagAsync(HttpRequest request)
    {
        var reader = request.BodyReader;
        var read = await reader.ReadAsync(request.HttpContext.RequestAborted);
        int? flag = read.Buffer.IsEmpty ? null : read.Buffer.FirstSpan[0];
        reader.AdvanceTo(read.Buffer.Start);
        return flag;
    }

    // Our export handlers never answer INTERNAL themselves, so on these endpoints it can only be the library's verdict
    // on the request's framing. A failed unary call is answered trailers-only: the status is still in the headers.
    private static void AnswerInternalAsInvalidArgument(HttpResponse response)
    {
        if (!response.HasStarted && response.Headers["grpc-status"] == Internal)
        {
            Answer(response, $"malformed gRPC request framing: {Uri.UnescapeDataString(response.Headers["grpc-message"].ToString())}");
        }
    }

    /// <summary>
    /// An export Grpc.AspNetCore answered without calling our handler: rejected when the status blames the request
    /// (INVALID_ARGUMENT, RESOURCE_EXHAUSTED for a message over the limit), failed otherwise; no items, none decoded.
    /// </summary>
    private static void CountIfRefusedBeforeTheHandler(HttpContext context, long started)
    {
        if (context.Items.ContainsKey(OtlpGrpcExport.Measured) || context.Request.Path.Value?.EndsWith("/Export", StringComparison.Ordinal) != true)
        {
            return;
        }

        var status = context.Response.Headers["grpc-status"].ToString();
        var outcome = status == InvalidArgument || status == ResourceExhausted ? OtlpExportMetrics.Rejected : OtlpExportMetrics.Failed;
        new OtlpExportMetrics.ExportMeasurement(OtlpExportMetrics.SignalOf(context.Request.Path), "grpc", started) { Outcome = outcome }.Dispose();
    }

    private static void Answer(HttpResponse response, string message)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = InvalidArgument;
        response.Headers["grpc-message"] = Uri.EscapeDataString(message);
    }

    private static string Code(StatusCode code) => ((int)code).ToString(CultureInfo.InvariantCulture);
}
