using System.Threading.Channels;
using Npgsql;
using Observatory.Core.Ingest;
using Observatory.Core.Spans;

namespace Observatory.Storage.Spans;

/// <summary>
/// Makes spans durable with group commit: concurrent requests queue their spans, each writer loop takes
/// as many as fit in one transaction, binary-COPYs them into a staging table and moves them into
/// <c>spans</c> with ON CONFLICT DO NOTHING. A caller's task completes only after COMMIT, and learns which
/// of its spans were new, so a retried export is never counted twice.
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
    }

    /// <summary>
    /// Writes the spans and returns, per span, whether it was new, and which of their traces already had stored spans.
    /// Throws <see cref="IngestUnavailableException"/> when the queue stays full or the database fails.
    /// </summary>
    public async Task<SpanWriteResult> WriteAsync(string projectId, IReadOnlyList<SpanRecord> spans, CancellationToken cancellationToken)
    {
        if (spans.Count == 0)
        {
            return new SpanWriteResult([], new HashSet<string>());
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

                // A failed transaction committed nothing, so one retry on a fresh connection is safe: it rides out
                // connections the server dropped (restart, failover) without bouncing the export.
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        connection ??= await OpenAsync();
                        var (inserted, existing) = await WriteGroupAsync(connection, group);
                        Complete(group, inserted, existing);
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
                        if (attempt == 2)
                        {
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
        await using var create = new NpgsqlCommand(
            "CREATE TEMP TABLE IF NOT EXISTS incoming_spans (LIKE spans INCLUDING DEFAULTS) ON COMMIT DELETE ROWS", connection);
        await create.ExecuteNonQueryAsync(_stopping.Token);
        return connection;
    }

    private async Task<(HashSet<SpanKey> Inserted, HashSet<(string Project, string TraceId)> Existing)> WriteGroupAsync(NpgsqlConnection connection, List<PendingWrite> group)
    {
        await using var tx = await connection.BeginTransactionAsync(_stopping.Token);
        await using (var importer = await connection.BeginBinaryImportAsync(SpanCopyFormat.CopyCommand("incoming_spans"), _stopping.Token))
        {
            foreach (var pending in group)
            {
                foreach (var span in pending.Spans)
                {
                    await SpanCopyFormat.WriteRowAsync(importer, pending.ProjectId, span, _stopping.Token);
                }
            }

            await importer.CompleteAsync(_stopping.Token);
        }

        // Traces that had spans before this write: only their grains need to read the stored spans on activation,
        // which spares a query per new trace (the dominant cost of a naive design).
        var existing = new HashSet<(string Project, string TraceId)>();
        await using (var probe = new NpgsqlCommand(
            """
            SELECT d.project_id, d.trace_id FROM (SELECT DISTINCT project_id, trace_id FROM incoming_spans) d
            WHERE EXISTS (SELECT 1 FROM spans s WHERE s.project_id = d.project_id AND s.trace_id = d.trace_id)
            """, connection, tx))
        await using (var reader = await probe.ExecuteReaderAsync(_stopping.Token))
        {
            while (await reader.ReadAsync(_stopping.Token))
            {
                existing.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        var inserted = new HashSet<SpanKey>();
        await using (var move = new NpgsqlCommand(
            "INSERT INTO spans SELECT * FROM incoming_spans ON CONFLICT DO NOTHING RETURNING project_id, trace_id, span_id", connection, tx))
        await using (var reader = await move.ExecuteReaderAsync(_stopping.Token))
        {
            while (await reader.ReadAsync(_stopping.Token))
            {
                inserted.Add(new SpanKey(reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }
        }

        await tx.CommitAsync(_stopping.Token);
        return (inserted, existing);
    }

    private static void Complete(List<PendingWrite> group, HashSet<SpanKey> inserted, HashSet<(string Project, string TraceId)> existing)
    {
        foreach (var pending in group)
        {
            var earlier = pending.Spans.Select(s => s.TraceId).Where(t => existing.Contains((pending.ProjectId, t))).ToHashSet();
            var isNew = new bool[pending.Spans.Count];
            for (var i = 0; i < isNew.Length; i++)
            {
                var span = pending.Spans[i];
                // Remove as we claim, so a span sent twice in one group counts as new only once.
                isNew[i] = inserted.Remove(new SpanKey(pending.ProjectId, span.TraceId, span.SpanId));
            }

            pending.Completion.TrySetResult(new SpanWriteResult(isNew, earlier));
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        // Let queued writes finish before the connections close.
        await Task.WhenAll(_loops).WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private sealed record SpanKey(string ProjectId, string TraceId, string SpanId);

    private sealed class PendingWrite(string projectId, IReadOnlyList<SpanRecord> spans)
    {
        public string ProjectId { get; } = projectId;
        public IReadOnlyList<SpanRecord> Spans { get; } = spans;
        public TaskCompletionSource<SpanWriteResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>
/// Per span of a request, whether it was new; and the request's traces that had spans stored before it
/// (the others started with this request, so nothing about them is stored yet).
/// </summary>
public sealed record SpanWriteResult(bool[] IsNew, IReadOnlySet<string> TracesWithEarlierSpans);

/// <summary>Tuning for <see cref="SpanWriter"/>.</summary>
public sealed record SpanWriterOptions
{
    /// <summary>Two connections keep both cores busy (one COPY alternates client and backend on ~1.2 cores).</summary>
    public int WriterConnections { get; init; } = 2;
    public int MaxRowsPerTransaction { get; init; } = 5000;
    public int MaxQueuedRequests { get; init; } = 256;
    public TimeSpan EnqueueTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
