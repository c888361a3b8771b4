using Grpc.Core;

namespace Observatory.Gateway.Otlp.Grpc;

/// <summary>
/// Wraps the OTLP/gRPC endpoints so a request the client framed wrong is INVALID_ARGUMENT. Grpc.AspNetCore answers a
/// length prefix that promises more bytes than arrive, or a compressed flag without a grpc-encoding, with INTERNAL
/// before our code runs. Our export handlers never answer INTERNAL themselves, so on these endpoints it can only mean
/// the request's framing, which is the caller's to fix.
/// </summary>
internal static class GrpcFramingAnswer
{
    private static readonly string Internal = ((int)StatusCode.Internal).ToString(System.Globalization.CultureInfo.InvariantCulture);
    private static readonly string InvalidArgument = ((int)StatusCode.InvalidArgument).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static TBuilder AnswerBadFramingAsInvalidArgument<TBuilder>(this TBuilder endpoint)
        where TBuilder : IEndpointConventionBuilder
    {
        endpoint.Add(builder =>
        {
            var handle = builder.RequestDelegate ?? throw new InvalidOperationException("A gRPC endpoint without a request delegate.");
            builder.RequestDelegate = async context =>
            {
                await handle(context);
                Rewrite(context.Response);
            };
        });
        return endpoint;
    }

    // A failed unary call is answered trailers-only: the status sits in the response headers until the response completes.
    private static void Rewrite(HttpResponse response)
    {
        if (response.HasStarted || response.Headers["grpc-status"] != Internal)
        {
            return;
        }

        var problem = Uri.UnescapeDataString(response.Headers["grpc-message"].ToString());
        response.Headers["grpc-status"] = InvalidArgument;
        response.Headers["grpc-message"] = Uri.EscapeDataString($"malformed gRPC request framing: {problem}");
    }
}
