using Observatory.Web.Otlp;

namespace Observatory.Gateway.Otlp.Http;

/// <summary>
/// An OTLP/HTTP request answered with an error: the HTTP status, and the google.rpc code and message that go in its
/// <c>Status</c> body.
/// </summary>
internal sealed class OtlpHttpException(int httpStatus, int rpcCode, string message, Exception? inner = null) : Exception(message, inner)
{
    public int HttpStatus { get; } = httpStatus;
    public int RpcCode { get; } = rpcCode;

    public static OtlpHttpException BadRequest(string message, Exception? inner = null) =>
        new(StatusCodes.Status400BadRequest, RpcCodes.InvalidArgument, message, inner);

    public static OtlpHttpException TooLarge(string message) =>
        new(StatusCodes.Status413PayloadTooLarge, RpcCodes.ResourceExhausted, message);

    public static OtlpHttpException UnsupportedMediaType(string message) =>
        new(StatusCodes.Status415UnsupportedMediaType, RpcCodes.InvalidArgument, message);
}
