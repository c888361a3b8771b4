using Microsoft.Extensions.Options;

namespace Observatory.Gateway.Otlp.Hosting;

/// <summary>Configuration section <c>Otlp</c> (environment: <c>Otlp__GrpcPort</c>, …). Defaults are the OTLP ports on loopback.</summary>
public sealed class OtlpGatewayOptions
{
    public const string SectionName = "Otlp";

    /// <summary>OTLP/gRPC listener (HTTP/2 cleartext).</summary>
    public int GrpcPort { get; set; } = 4317;

    /// <summary>OTLP/HTTP listener (HTTP/1.1 and HTTP/2).</summary>
    public int HttpPort { get; set; } = 4318;

    /// <summary>An IP address, <c>localhost</c>, or <c>0.0.0.0</c> / <c>*</c> for every interface.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>Largest accepted request, applied to the wire size and again to the decompressed size.</summary>
    public long MaxRequestBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>The <c>Retry-After</c> sent with a 503 when the store cannot take spans now.</summary>
    public int RetryAfterSeconds { get; set; } = 5;

    /// <summary><see cref="MaxRequestBytes"/> as a buffer size (and gRPC message size) the runtime can hold.</summary>
    internal int MaxRequestBodyBytes => (int)Math.Clamp(MaxRequestBytes, 1, Array.MaxLength - 1);

    internal IEnumerable<string> Validate()
    {
        if (GrpcPort is < 1 or > 65535)
        {
            yield return $"{SectionName}:GrpcPort must be a TCP port (1-65535), got {GrpcPort}";
        }

        if (HttpPort is < 1 or > 65535)
        {
            yield return $"{SectionName}:HttpPort must be a TCP port (1-65535), got {HttpPort}";
        }

        if (GrpcPort == HttpPort)
        {
            yield return $"{SectionName}:GrpcPort and {SectionName}:HttpPort must differ, both are {GrpcPort}";
        }

        if (MaxRequestBytes < 1)
        {
            yield return $"{SectionName}:MaxRequestBytes must be positive, got {MaxRequestBytes}";
        }

        if (RetryAfterSeconds < 0)
        {
            yield return $"{SectionName}:RetryAfterSeconds must not be negative, got {RetryAfterSeconds}";
        }
    }

    internal static OtlpGatewayOptions From(IConfiguration configuration) =>
        configuration.GetSection(SectionName).Get<OtlpGatewayOptions>() ?? new();
}

/// <summary>Fails start-up with every problem in the <c>Otlp</c> section named.</summary>
internal sealed class OtlpGatewayOptionsValidator : IValidateOptions<OtlpGatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, OtlpGatewayOptions options)
    {
        var problems = options.Validate().ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
