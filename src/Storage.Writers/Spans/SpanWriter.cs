using System.Diagnostics;
using System.Threading.Channels;
using Npgsql;
using Observatory.Core.Ingest;
using Observatory.Core.Spans;
using Observatory.Core.Traces;
using Observatory.Storage.Rollups;
using Observatory.Storage.Scores;
using Observatory.Storage.Traces;

namespace Observatory.Storage.Spans;

/// <summary>
/// Makes spans durable with group commit: concurrent requests queue their spans, and each writer loop takes as many
/// as fit in one transaction. Spans of traces new to the store are binary-COPYed straight into <c>spans</c> once the
/// transaction holds their trace keys; the others are staged and moved with ON CONFLICT DO NOTHING, so a re-sent span is
/// stored once. The same transaction adds the spans that were new to their trace
/// summaries and model rollups, so whatever COMMIT makes durable is counted exactly once, and whatever it does not
/// is counted nowhere: a crash at any moment, a re-sent export or a retry after a COMMIT whose outcome was unknown
/// leaves nothing to repair. A caller's task completes only after COMMIT, and learns which of its spans were new.
/// </summary>
public sealed class SpanWriter : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly SpanWriterOptions _options;
    private readonly Channel<PendingWrite> _queue;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task[] _loops;

    public SpanWriter(NpgsqlDataSource dataSource, SpanWriterOptions options)
    {
        _dataSource = dataSource;
        _options = options;
        _queue = Channel.CreateBounded<PendingWrite>(new BoundedChannelOptions(options.MaxQueuedRequests)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleWriter = false,
            SingleReader = false,
        });
        _loops = Enumerable.Range(0, options.WriterConnections).Select(_ => Task.Run(RunLoopAsync)).ToArray();
        StorageMetrics.TrackQueue(this, () => _queue.Reader.Count);
    }

    /// <summary>
    /// Writes the spans and their derived totals and returns, per span, whether it was new.
    /// Throws <see cref="IngestUnavailableException"/> when the queue stays full or the database fails.
    /// </summary>
    public async Task<SpanWriteResult> WriteAsync(string projectId, IReadOnlyList<SpanRecord> spans, CancellationToken cancellationToken)
    {
        if (spans.Count == 0)
        {
            return new SpanWriteResult([]);
        }

        var pending = new PendingWrite(projectId, spans);
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(_options.EnqueueTimeout);
            try
            {
                await _queue.Writer.WriteAsync(pending, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new IngestUnavailableException($"The span writer is saturated ({_options.MaxQueuedRequests} requests queued); retry later.");
            }
            catch (ChannelClosedException)
            {
                throw new IngestUnavailableException("The span writer is shutting down; retry later.");
            }
        }

        return await pending.Completion.Task.WaitAsync(cancellationToken);
    }

    private async Task RunLoopAsync()
    {
        NpgsqlConnection? connection = null;
        var group = new List<PendingWrite>();
        try
        {
            while (await _queue.Reader.WaitToReadAsync(_stopping.Token))
            {
                group.Clear();
                var rows = 0;
                while (rows < _options.MaxRowsPerTransaction && _queue.Reader.TryRead(out var next))
                {
                    group.Add(next);
                    rows += next.Spans.Count;
                }

                if (group.Count == 0)
                {
                    continue;
                }

                // One retry on a fresh connection rides out connections the server dropped (restart, failover) without
                // bouncing the export. It is safe even when the COMMIT's outcome is unknown: spans and their totals
                // commit together, so the retry either finds every span stored (and adds nothing) or stores them all.
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        connection ??= await OpenAsync();
                        var results = await WriteGroupAsync(connection, group);
                        for (var i = 0; i < group.Count; i++)
                        {
                            group[i].Completion.TrySetResult(results[i]);
                        }

                        break;
                    }
                    catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or IOException or TimeoutException)
                    {
                        if (connection is not null)
                        {
                            NpgsqlConnection.ClearPool(connection);
                            await connection.DisposeAsync();
                        }

                        connection = null;
                        if (attempt == 1)
                        {
                            StorageMetrics.SpanWriteRetried();
                        }

                        if (attempt == 2)
                        {
                            StorageMetrics.WriteFailed("spans");
                            var unavailable = new IngestUnavailableException("The span store is unavailable: " + ex.Message, ex);
                            foreach (var pending in group)
                            {
                                pending.Completion.TrySetException(unavailable);
                            }

                            break;
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = await _dataSource.OpenConnectionAsync(_stopping.Token);
        // No statement of the writer gains from JIT compilation, and a plan whose estimate crosses jit_above_cost (a big
        // spans table, stale statistics) would pay ~100 ms of compiling per transaction.
        await using var create = new NpgsqlCommand(
            """
            CREATE TEMP TABLE IF NOT EXISTS incoming_spans (LIKE spans INCLUDING DEFAULTS) ON COMMIT DELETE ROWS;
            SET jit = off
            """, connection);
        await create.ExecuteNonQueryAsync(_stopping.Token);
        return connection;
    }

    private async Task<SpanWriteResult[]> WriteGroupAsync(NpgsqlConnection connection, List<PendingWrite> group)
    {
        try
        {
            return await WriteGroupAsync(connection, group, copyClaimedTraces: true);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // Spans or a summary stored without their trace's key row (by hand or by a script, never by this writer)
            // collided with the shortcut; the transaction rolled back, and the careful path handles any such row.
            StorageMetrics.SpanWriteRetried();
            return await WriteGroupAsync(connection, group, copyClaimedTraces: false);
        }
    }

    /// <summary>
    /// One transaction for the group. The group's new traces are claimed first (their key rows): their spans and
    /// summaries go straight into <c>spans</c> and <c>traces</c> with plain COPY. Spans of traces stored before (late
    /// spans, re-sent exports) go through a staging table and <c>ON CONFLICT DO NOTHING</c>, and their summaries are
    /// rebuilt from all stored spans. With <paramref name="copyClaimedTraces"/> off every span takes the second way.
    /// </summary>
    private async Task<SpanWriteResult[]> WriteGroupAsync(NpgsqlConnection connection, List<PendingWrite> group, bool copyClaimedTraces)
    {
        var ct = _stopping.Token;
        var started = Stopwatch.GetTimestamp();
        await using var tx = await connection.BeginTransactionAsync(ct);
        // A span sent twice in one group is stored once: the copy that is stored is the copy that is counted. In key
        // order, which the writes below follow, so two writers storing the same spans (a re-sent export) never wait on
        // each other in a cycle; sorting here is cheap, an ORDER BY over the wide staged rows is not.
        var staged = new SortedDictionary<SpanKey, SpanRecord>();
        foreach (var pending in group)
        {
            foreach (var span in pending.Spans)
            {
                staged.TryAdd(new SpanKey(pending.ProjectId, span.TraceId, span.SpanId), span);
            }
        }

        // Each trace's summary as if it were new: exact for the traces this transaction claims.
        var candidates = new Dictionary<(string Project, string TraceId), TraceSummaryAccumulator>();
        foreach (var (key, span) in staged)
        {
            if (!candidates.TryGetValue((key.ProjectId, key.TraceId), out var trace))
            {
                candidates[(key.ProjectId, key.TraceId)] = trace = new TraceSummaryAccumulator(span.TraceId);
            }

            trace.Add(TraceSpanFacts.From(span));
        }

        var claimed = copyClaimedTraces
            ? await TraceSummaryLedger.ClaimNewAsync(connection, tx, candidates.Select(c => (c.Key.Project, c.Value.ToSummary()!)).ToList(), ct)
            : [];
        var inserted = new HashSet<SpanKey>();
        if (claimed.Count > 0)
        {
            await using (var importer = await connection.BeginBinaryImportAsync(SpanCopyFormat.CopyCommand("spans"), ct))
            {
                foreach (var (key, span) in staged)
                {
                    if (claimed.Contains((key.ProjectId, key.TraceId)))
                    {
                        await SpanCopyFormat.WriteRowAsync(importer, key.ProjectId, span, ct);
                        inserted.Add(key);
                    }
                }

                await importer.CompleteAsync(ct);
            }

            await TraceSummaryLedger.InsertClaimedAsync(connection, claimed.Select(k => (k.Project, candidates[k].ToSummary()!)), ct);
        }

        if (inserted.Count < staged.Count)
        {
            await InsertStagedAsync(connection, tx, staged.Where(s => !claimed.Contains((s.Key.ProjectId, s.Key.TraceId))), inserted, ct);
        }

        var results = new SpanWriteResult[group.Count];
        var rebuild = new HashSet<(string Project, string TraceId)>();
        var earliestRebuilt = long.MaxValue;
        var rollups = new RollupAggregate();
        for (var g = 0; g < group.Count; g++)
        {
            var pending = group[g];
            var isNew = new bool[pending.Spans.Count];
            for (var i = 0; i < isNew.Length; i++)
            {
                var span = pending.Spans[i];
                // Remove as we claim, so a span sent twice in one group counts as new only once.
                isNew[i] = inserted.Remove(new SpanKey(pending.ProjectId, span.TraceId, span.SpanId));
                if (isNew[i])
                {
                    rollups.Add(pending.ProjectId, span.ServiceName, span.Llm, span.StartUnixNano, span.IsError, span.DurationMs);
                    if (!claimed.Contains((pending.ProjectId, span.TraceId)))
                    {
                        rebuild.Add((pending.ProjectId, span.TraceId));
                        earliestRebuilt = Math.Min(earliestRebuilt, span.StartUnixNano);
                    }
                }
            }

            results[g] = new SpanWriteResult(isNew);
        }

        // Traces that had spans before this write: their summaries are rebuilt from all stored spans.
        await TraceSummaryLedger.RebuildAsync(connection, tx, rebuild, ct, rebuild.Count == 0 ? null : earliestRebuilt);
        // Where a rollup table of another dimension would join: it adds up the same fresh spans in this transaction.
        await RollupLedger.AddAsync(connection, tx, rollups, ct);
        // The spans' evaluation events, in the same transaction: durable exactly when the spans are, stored once.
        await ScoreLedger.AddAsync(connection, tx, SpanScores.Of(staged.Select(s => (s.Key.ProjectId, s.Value))), ct);
        await InjectAsync(SpanWriteStage.BeforeCommit);
        await tx.CommitAsync(ct);
        StorageMetrics.Committed("spans", staged.Count, started);
        await InjectAsync(SpanWriteStage.AfterCommit);
        return results;
    }

    /// <summary>
    /// Stores spans of traces that may have stored spans already: COPY into the session's staging table, then an INSERT
    /// that skips the spans already stored. Adds the keys it inserted to <paramref name="inserted"/>.
    /// </summary>
    private async Task InsertStagedAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, IEnumerable<KeyValuePair<SpanKey, SpanRecord>> spans, HashSet<SpanKey> inserted, CancellationToken ct)
    {
        await using (var importer = await connection.BeginBinaryImportAsync(SpanCopyFormat.CopyCommand("incoming_spans"), ct))
        {
            foreach (var (key, span) in spans)
            {
                await SpanCopyFormat.WriteRowAsync(importer, key.ProjectId, span, ct);
            }

            await importer.CompleteAsync(ct);
        }

        await using var move = new NpgsqlCommand(
            "INSERT INTO spans SELECT * FROM incoming_spans ON CONFLICT DO NOTHING RETURNING project_id, trace_id, span_id", connection, tx);
        await using var reader = await move.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            inserted.Add(new SpanKey(reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }
    }

    private ValueTask InjectAsync(SpanWriteStage stage) => _options.FaultInjection?.Invoke(stage) ?? ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        StorageMetrics.UntrackQueue(this);
        _queue.Writer.TryComplete();
        // Let queued writes finish before the connections close.
        await Task.WhenAll(_loops).WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private sealed record SpanKey(string ProjectId, string TraceId, string SpanId) : IComparable<SpanKey>
    {
        public int CompareTo(SpanKey? other) => other is null ? 1
            : string.CompareOrdinal(ProjectId, other.ProjectId) is var p and not 0 ? p
            : string.CompareOrdinal(TraceId, other.TraceId) is var t and not 0 ? t
            : string.CompareOrdinal(SpanId, other.SpanId);
    }

    private sealed class PendingWrite(string projectId, IReadOnlyList<SpanRecord> spans)
    {
        public string ProjectId { get; } = projectId;
        public IReadOnlyList<SpanRecord> Spans { get; } = spans;
        public TaskCompletionSource<SpanWriteResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>Per span of a request, whether it was new (stored and counted by this request).</summary>
public sealed record SpanWriteResult(bool[] IsNew);

/// <summary>The moments of a write at which <see cref="SpanWriterOptions.FaultInjection"/> can break it.</summary>
public enum SpanWriteStage
{
    /// <summary>Everything is written but not committed: a failure here loses the whole transaction.</summary>
    BeforeCommit,

    /// <summary>COMMIT succeeded: a failure here is a COMMIT whose outcome the writer cannot know.</summary>
    AfterCommit,
}

/// <summary>Tuning for <see cref="SpanWriter"/>.</summary>
public sealed record SpanWriterOptions
{
    /// <summary>Two connections keep both cores busy (one COPY alternates client and backend on ~1.2 cores).</summary>
    public int WriterConnections { get; init; } = 2;
    public int MaxRowsPerTransaction { get; init; } = 5000;
    public int MaxQueuedRequests { get; init; } = 256;
    public TimeSpan EnqueueTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Tests only: called at each <see cref="SpanWriteStage"/>; throwing an <see cref="IOException"/> there looks to the
    /// writer like a connection lost at that moment.
    /// </summary>
    public Func<SpanWriteStage, ValueTask>? FaultInjection { get; init; }
}
