using System.Diagnostics;
using HdrHistogram;

namespace Observatory.Bench.LoadGen;

/// <summary>
/// Sends OTLP/HTTP protobuf exports with at most <c>concurrency</c> requests in flight. With a target rate, request i
/// is due at start + i × (spans per request / rate) (a fixed schedule, like a steady fleet of exporters); a worker
/// sends it at its due time, or at once when the product has fallen behind (then the schedule slips and the
/// "offered" rate drops below the target). Rate 0 sends as fast as the in-flight limit allows.
/// </summary>
internal sealed class LoadRunner(BenchOptions options, RequestFactory factory, CpuSampler cpu)
{
    private const long HighestLatencyMicros = 120_000_000;

    public async Task<LoadResult> RunAsync(CancellationToken cancellationToken)
    {
        // One transport per worker for gRPC (a channel each), one shared pool of HTTP/1.1 connections for OTLP/HTTP.
        var transports = options.Grpc
            ? Enumerable.Range(0, options.Concurrency).Select(_ => (Transport)new Transport.Grpc(options.Endpoint)).ToArray()
            : [new Transport.Http(options.Endpoint, options.Concurrency)];
        try
        {
            await transports[0].PreflightAsync(options.Endpoint, cancellationToken);
            return await RunAsync(transports, cancellationToken);
        }
        finally
        {
            foreach (var transport in transports)
            {
                transport.Dispose();
            }
        }
    }

    private async Task<LoadResult> RunAsync(Transport[] transports, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + Seconds(options.WarmupSeconds);
        var measureTo = measureFrom + Seconds(options.DurationSeconds);
        long intervalTicks = options.Rate > 0 ? (long)(Stopwatch.Frequency * factory.SpansPerRequest / options.Rate) : 0;
        var shared = new Shared(options.DurationSeconds);
        var windowStartUtc = DateTime.UtcNow + Stopwatch.GetElapsedTime(start, measureFrom);

        CpuSampler.Snapshot? cpuStart = null;
        CpuSampler.Snapshot? cpuEnd = null;
        PgStats.Snapshot? pgStart = null;
        PgStats.Snapshot? pgEnd = null;
        long? rssStart = null;
        long? rssEnd = null;
        var sampler = Task.Run(async () =>
        {
            await DelayUntil(measureFrom, cancellationToken);
            cpuStart = cpu.Take();
            rssStart = cpu.ServerRssBytes();
            pgStart = await PgStats.TakeAsync(options.Postgres, cancellationToken);
            await DelayUntil(measureTo, cancellationToken);
            cpuEnd = cpu.Take();
            rssEnd = cpu.ServerRssBytes();
            pgEnd = await PgStats.TakeAsync(options.Postgres, cancellationToken);
        }, cancellationToken);

        var progress = Task.Run(() => ReportProgressAsync(shared, start, measureFrom, measureTo, cancellationToken), cancellationToken);
        var workers = Enumerable.Range(0, options.Concurrency)
            .Select(i => Task.Run(() => WorkerAsync(transports[i % transports.Length], shared, start, intervalTicks, measureFrom, measureTo, cancellationToken), cancellationToken))
            .ToArray();
        var stats = await Task.WhenAll(workers);
        await sampler;
        await progress;

        var histogram = new LongHistogram(HighestLatencyMicros, 3);
        var errors = new SortedDictionary<string, long>(StringComparer.Ordinal);
        long acceptedSpans = 0, acceptedRequests = 0, sentRequests = 0, buildTicks = 0, builds = 0, lateRequests = 0, maxLagTicks = 0, bodyBytes = 0;
        foreach (var s in stats)
        {
            histogram.Add(s.Latency);
            acceptedSpans += s.AcceptedSpans;
            acceptedRequests += s.AcceptedRequests;
            sentRequests += s.SentRequests;
            buildTicks += s.BuildTicks;
            builds += s.Builds;
            lateRequests += s.LateRequests;
            maxLagTicks = Math.Max(maxLagTicks, s.MaxLagTicks);
            bodyBytes += s.BodyBytes;
            foreach (var (status, count) in s.Errors)
            {
                errors[status] = errors.GetValueOrDefault(status) + count;
            }
        }

        var window = options.DurationSeconds;
        var usage = cpuStart is not null && cpuEnd is not null ? CpuSampler.Diff(cpuStart, cpuEnd) : null;
        return new LoadResult
        {
            TargetSpansPerSecond = options.Rate,
            WindowSeconds = window,
            SpansPerRequest = factory.SpansPerRequest,
            RequestsSent = sentRequests,
            RequestsAccepted = acceptedRequests,
            AcceptedSpans = acceptedSpans,
            AcceptedSpansTotal = Interlocked.Read(ref shared.Accepted),
            FailedRequestsTotal = Interlocked.Read(ref shared.Failed),
            AcceptedSpansPerSecond = acceptedSpans / (double)window,
            OfferedSpansPerSecond = sentRequests * factory.SpansPerRequest / (double)window,
            RejectedRequestsByStatus = new Dictionary<string, long>(errors),
            LatencyMs = LatencySummary.From(histogram),
            LateRequests = lateRequests,
            MaxScheduleLagMs = maxLagTicks * 1000.0 / Stopwatch.Frequency,
            AverageBodyBytesOnWire = sentRequests > 0 ? bodyBytes / (double)sentRequests : 0,
            BuildMicrosPerRequest = builds > 0 ? buildTicks * 1e6 / Stopwatch.Frequency / builds : 0,
            Cpu = usage is null ? null : CpuBreakdown.From(usage, acceptedSpans),
            ServerPid = cpu.ServerPid,
            ServerRssMiBStart = rssStart / (1024 * 1024),
            ServerRssMiBEnd = rssEnd / (1024 * 1024),
            Postgres = PgStats.Diff(pgStart, pgEnd, acceptedSpans, acceptedRequests),
            LoadAverage = CpuSampler.LoadAverage(),
            Timeline = shared.Timeline.Seconds(),
            WindowStartUtc = windowStartUtc,
        };
    }

    private async Task<WorkerStats> WorkerAsync(Transport transport, Shared shared, long start, long intervalTicks, long measureFrom, long measureTo,
        CancellationToken cancellationToken)
    {
        var stats = new WorkerStats(new LongHistogram(HighestLatencyMicros, 3));
        var buffer = new byte[factory.MaxBodyBytes];
        using var gzipped = new MemoryStream();
        while (!cancellationToken.IsCancellationRequested)
        {
            var sequence = Interlocked.Increment(ref shared.NextSequence);
            long due = 0;
            if (intervalTicks > 0)
            {
                due = start + sequence * intervalTicks;
                if (due >= measureTo)
                {
                    break;
                }

                await DelayUntil(due, cancellationToken);
            }

            var sendAt = Stopwatch.GetTimestamp();
            if (sendAt >= measureTo)
            {
                break;
            }

            var inWindow = sendAt >= measureFrom;
            if (intervalTicks > 0 && inWindow)
            {
                var lag = sendAt - due;
                stats.MaxLagTicks = Math.Max(stats.MaxLagTicks, lag);
                if (lag > Stopwatch.Frequency / 100)
                {
                    stats.LateRequests++;
                }
            }

            var length = factory.Build(sequence, buffer, RequestFactory.NowUnixNano());
            var built = Stopwatch.GetTimestamp();
            stats.BuildTicks += built - sendAt;
            stats.Builds++;

            string? failure;
            try
            {
                failure = await transport.SendAsync(buffer, length, options.Gzip, gzipped, cancellationToken);
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                failure = "timeout";
            }
            catch (HttpRequestException ex)
            {
                failure = "error:" + (ex.HttpRequestError == HttpRequestError.Unknown ? ex.GetType().Name : ex.HttpRequestError.ToString());
            }

            // Gzip happens inside the send (HTTP only), so its size is read after it.
            var wireBytes = options.Gzip && !options.Grpc ? gzipped.Length : length;
            var done = Stopwatch.GetTimestamp();
            Interlocked.Increment(ref shared.Completed);
            if (failure is null)
            {
                Interlocked.Add(ref shared.Accepted, factory.SpansPerRequest);
            }
            else
            {
                Interlocked.Increment(ref shared.Failed);
            }

            // A request counts when it was sent inside the window and answered by its end (+ a grace for the tail).
            if (!inWindow || done > measureTo + Stopwatch.Frequency * 5)
            {
                continue;
            }

            stats.SentRequests++;
            stats.BodyBytes += wireBytes;
            var micros = Math.Clamp((done - built) * 1_000_000 / Stopwatch.Frequency, 1, HighestLatencyMicros);
            stats.Latency.RecordValue(micros);
            shared.Timeline.Record(built - measureFrom, micros);
            if (failure is null)
            {
                stats.AcceptedRequests++;
                stats.AcceptedSpans += factory.SpansPerRequest;
            }
            else
            {
                stats.Errors[failure] = stats.Errors.GetValueOrDefault(failure) + 1;
            }
        }

        return stats;
    }

    private static async Task ReportProgressAsync(Shared shared, long start, long measureFrom, long measureTo, CancellationToken cancellationToken)
    {
        long lastAccepted = 0;
        var last = start;
        while (Stopwatch.GetTimestamp() < measureTo && !cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var now = Stopwatch.GetTimestamp();
            var accepted = Interlocked.Read(ref shared.Accepted);
            var rate = (accepted - lastAccepted) / Stopwatch.GetElapsedTime(last, now).TotalSeconds;
            var phase = now < measureFrom ? "warm-up" : "measure";
            Console.Error.WriteLine($"  [{Stopwatch.GetElapsedTime(start, now).TotalSeconds,5:F0} s {phase}] accepted {rate,9:N0} spans/s, failed requests so far {Interlocked.Read(ref shared.Failed):N0}");
            lastAccepted = accepted;
            last = now;
        }
    }

    private static async Task DelayUntil(long timestamp, CancellationToken cancellationToken)
    {
        var remaining = timestamp - Stopwatch.GetTimestamp();
        if (remaining > Stopwatch.Frequency / 1000)
        {
            await Task.Delay(TimeSpan.FromSeconds(remaining / (double)Stopwatch.Frequency), cancellationToken);
        }
    }

    private static long Seconds(double seconds) => (long)(seconds * Stopwatch.Frequency);

    private sealed class Shared(int windowSeconds)
    {
        public ExportTimeline Timeline { get; } = new(windowSeconds);
        public long NextSequence = -1;
        public long Completed;
        public long Accepted;
        public long Failed;
    }

    private sealed class WorkerStats(LongHistogram latency)
    {
        public LongHistogram Latency { get; } = latency;
        public Dictionary<string, long> Errors { get; } = new(StringComparer.Ordinal);
        public long SentRequests;
        public long AcceptedRequests;
        public long AcceptedSpans;
        public long BuildTicks;
        public long Builds;
        public long LateRequests;
        public long MaxLagTicks;
        public long BodyBytes;
    }
}

internal sealed class BenchException(string message) : Exception(message);
