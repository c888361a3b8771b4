namespace Observatory.Web.Otlp;

/// <summary>The google.rpc.Code values our OTLP answers use, in HTTP Status bodies and gRPC status headers alike.</summary>
public static class RpcCodes
{
    public const int InvalidArgument = 3;
    public const int NotFound = 5;
    public const int ResourceExhausted = 8;
    public const int Unimplemented = 12;
    public const int Unavailable = 14;
}
