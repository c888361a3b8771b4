using Google.Protobuf;

namespace Observatory.EndToEnd.Tests.Mutation;

/// <summary>The signals and encodings the OTLP gateway takes.</summary>
internal enum OtlpTransport
{
    HttpProtobuf,
    HttpJson,
    Grpc,
}

/// <summary>
/// One case of the mutation test, entirely determined by its seed: the signal, the transport, the valid export and how
/// it is corrupted (its content, its gzip stream, or its gRPC frame).
/// </summary>
internal sealed class MutationCase
{
    public const string MutatedService = "mutation";

    private MutationCase(int seed) => Seed = seed;

    public int Seed { get; }
    public bool Logs { get; private init; }
    public OtlpTransport Transport { get; private init; }
    public string What { get; private init; } = "";
    private byte[] Body { get; init; } = [];
    private bool Gzip { get; init; }
    private byte[]? GrpcFrame { get; init; }

    public static MutationCase Create(int seed)
    {
        var random = new Random(seed);
        var logs = random.Next(2) == 1;
        var transport = (OtlpTransport)random.Next(3);
        var (valid, other) = ValidPair(random, logs, transport == OtlpTransport.HttpJson);
        var gzip = random.Next(5) == 0;

        if (transport == OtlpTransport.Grpc && random.Next(8) == 0)
        {
            var (frame, what, gzipHeader) = CorruptFrame(random, valid);
            return new MutationCase(seed) { Logs = logs, Transport = transport, Gzip = gzipHeader, GrpcFrame = frame, What = what };
        }

        if (gzip && transport != OtlpTransport.Grpc && random.Next(3) == 0)
        {
            var (corrupt, what) = OtlpMutator.Gzip(random, OtlpWire.Gzip(valid));
            return new MutationCase(seed) { Logs = logs, Transport = transport, Gzip = true, Body = corrupt, What = "gzip stream: " + what };
        }

        var (body, mutation) = transport == OtlpTransport.HttpJson ? OtlpMutator.Json(random, valid, other) : OtlpMutator.Protobuf(random, valid, other);
        if (gzip && transport != OtlpTransport.Grpc)
        {
            body = OtlpWire.Gzip(body);
        }

        return new MutationCase(seed) { Logs = logs, Transport = transport, Gzip = gzip, Body = body, What = mutation + (gzip ? ", gzip" : "") };
    }

    public Task<WireAnswer> SendAsync(OtlpWire wire)
    {
        var service = Logs ? OtlpWire.LogsService : OtlpWire.TracesService;
        if (GrpcFrame is not null)
        {
            return wire.GrpcFrameAsync(service, GrpcFrame, Gzip);
        }

        return Transport switch
        {
            OtlpTransport.Grpc => wire.GrpcAsync(service, Body, Gzip),
            OtlpTransport.HttpJson => wire.HttpAsync(Logs ? "/v1/logs" : "/v1/traces", "application/json", Body, Gzip),
            _ => wire.HttpAsync(Logs ? "/v1/logs" : "/v1/traces", "application/x-protobuf", Body, Gzip),
        };
    }

    public override string ToString() =>
        $"seed {Seed}: {(Logs ? "logs" : "traces")} over {Transport}, {What}, {Body.Length + (GrpcFrame?.Length ?? 0)} bytes" +
        (Body.Length is > 0 and <= 512 ? $" (base64 {Convert.ToBase64String(Body)})" : "");

    /// <summary>A valid export of the signal, and another of the other signal to splice from, in the transport's encoding.</summary>
    private static (byte[] Valid, byte[] Other) ValidPair(Random random, bool logs, bool json)
    {
        IMessage traces = MutationCorpus.Traces(random, MutatedService);
        IMessage logRecords = MutationCorpus.Logs(random, MutatedService);
        var (valid, other) = logs ? (logRecords, traces) : (traces, logRecords);
        return json ? (MutationCorpus.ToOtlpJson(valid), MutationCorpus.ToOtlpJson(other)) : (valid.ToByteArray(), other.ToByteArray());
    }

    private static (byte[] Frame, string What, bool GzipHeader) CorruptFrame(Random random, byte[] message)
    {
        switch (random.Next(6))
        {
            case 0:
                var longer = message.Length + 1 + random.Next(1000);
                return (OtlpWire.Frame(0, longer, message), $"gRPC frame declaring {longer} of {message.Length} bytes", false);
            case 1:
                var shorter = random.Next(message.Length);
                return (OtlpWire.Frame(0, shorter, message), $"gRPC frame declaring {shorter} of {message.Length} bytes", false);
            case 2:
                return (OtlpWire.Frame(1, message.Length, message), "gRPC frame flagged compressed without grpc-encoding", false);
            case 3:
                return (OtlpWire.Frame(1, message.Length, message), "gRPC frame flagged gzip but not gzip", true);
            case 4:
                var cut = random.Next(5);
                return (OtlpWire.Frame(0, message.Length, message)[..cut], $"gRPC frame cut to {cut} bytes", false);
            default:
                var flag = (byte)random.Next(2, 256);
                return (OtlpWire.Frame(flag, message.Length, message), $"gRPC frame with flag {flag}", false);
        }
    }
}
