using System.Collections.Concurrent;
using System.Diagnostics;
using Google.Protobuf;
using Observatory.EndToEnd.Tests.Mutation;
using Xunit.Abstractions;

namespace Observatory.EndToEnd.Tests;

/// <summary>
/// The decoders under thousands of seeded corruptions of valid exports (see <see cref="OtlpMutator"/>), for traces and
/// logs over OTLP/HTTP protobuf, OTLP/HTTP JSON and OTLP/gRPC: every one is answered as accepted or as the client's
/// fault, never with a server error and never with silence, and valid exports sent among them are all stored.
/// </summary>
public sealed class DecoderMutationTests(HostFixture fixture, ITestOutputHelper output) : IClassFixture<HostFixture>
{
    private const int Seed = 20_261_203;
    private const int Cases = 10_000;
    private const int CanaryEvery = 50;
    private const string CanaryService = "mutation-canary";

    /// <summary>Set to one case's seed (from a failure message) to run that case alone.</summary>
    private const string ReplayVariable = "OBSERVATORY_MUTATION_SEED";

    private ObservatoryTestHost Host => fixture.Host;

    [Fact]
    public async Task Mutated_exports_are_accepted_or_rejected_as_bad_input_never_a_server_error_and_valid_exports_alongside_are_stored()
    {
        using var wire = new OtlpWire(Host);
        var seeds = int.TryParse(Environment.GetEnvironmentVariable(ReplayVariable), out var replay) ? [replay] : Enumerable.Range(Seed, Cases).ToArray();
        var failures = new ConcurrentQueue<string>();
        var canaries = new ConcurrentQueue<(bool Logs, string TraceId)>();
        int accepted = 0, rejected = 0;
        var clock = Stopwatch.StartNew();

        await Parallel.ForEachAsync(seeds, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (seed, _) =>
        {
            var mutation = MutationCase.Create(seed);
            var answer = await mutation.SendAsync(wire);
            if (!answer.IsClientAnswer)
            {
                failures.Enqueue($"{mutation} -> {answer}");
            }

            Interlocked.Increment(ref answer.Accepted ? ref accepted : ref rejected);
            if ((seed - Seed) % CanaryEvery == 0)
            {
                var canary = await SendCanaryAsync(wire, new Random(seed), mutation.Logs, mutation.Transport);
                canaries.Enqueue(canary);
            }
        });

        output.WriteLine($"{seeds.Length} mutated exports: {accepted} accepted, {rejected} rejected, {failures.Count} failed, in {clock.Elapsed}");
        Assert.True(failures.IsEmpty,
            $"{failures.Count} of {seeds.Length} mutated exports got a server error or no answer (replay one with {ReplayVariable}=<seed>):\n"
            + string.Join("\n", failures.Take(25)));
        if (seeds.Length == Cases)
        {
            // Both outcomes are common, or the test is not testing what it says (e.g. a broken corpus rejected whole).
            Assert.True(accepted > Cases / 20 && rejected > Cases / 5, $"{accepted} accepted, {rejected} rejected of {Cases} in {clock.Elapsed}");
        }

        await AssertCanariesStoredAsync(canaries);
    }

    private static async Task<(bool Logs, string TraceId)> SendCanaryAsync(OtlpWire wire, Random random, bool logs, OtlpTransport transport)
    {
        IMessage request = logs ? MutationCorpus.Logs(random, CanaryService) : MutationCorpus.Traces(random, CanaryService);
        var traceId = logs
            ? Convert.ToHexStringLower(((Gateway.Otlp.Proto.Collector.Logs.V1.ExportLogsServiceRequest)request).ResourceLogs[0].ScopeLogs[0].LogRecords[0].TraceId.ToByteArray())
            : Convert.ToHexStringLower(((Gateway.Otlp.Proto.Collector.Trace.V1.ExportTraceServiceRequest)request).ResourceSpans[0].ScopeSpans[0].Spans[0].TraceId.ToByteArray());
        var path = logs ? "/v1/logs" : "/v1/traces";
        var answer = transport switch
        {
            OtlpTransport.Grpc => await wire.GrpcAsync(logs ? OtlpWire.LogsService : OtlpWire.TracesService, request.ToByteArray(), gzip: false),
            OtlpTransport.HttpJson => await wire.HttpAsync(path, "application/json", MutationCorpus.ToOtlpJson(request), gzipHeader: false),
            _ => await wire.HttpAsync(path, "application/x-protobuf", request.ToByteArray(), gzipHeader: false),
        };
        Assert.True(answer.Accepted, $"a valid {(logs ? "logs" : "traces")} export over {transport} among the mutated ones answered {answer}");
        return (logs, traceId);
    }

    private async Task AssertCanariesStoredAsync(IEnumerable<(bool Logs, string TraceId)> canaries)
    {
        foreach (var (logs, traceId) in canaries)
        {
            if (logs)
            {
                var stored = await Host.Database.ScalarAsync<long>("SELECT count(*) FROM log_events WHERE trace_id = $1", traceId);
                Assert.True(stored == 2, $"valid logs export {traceId}: {stored} of 2 log records stored");
            }
            else
            {
                var trace = await Host.GetJsonAsync($"/api/v1/traces/{traceId}");
                Assert.Equal(2, trace.GetProperty("spans").GetArrayLength());
            }
        }
    }
}
