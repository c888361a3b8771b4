using Npgsql;
using NpgsqlTypes;
using Observatory.Core.Spans;
using Observatory.Core.Traces;

namespace Observatory.Storage.Traces;

/// <summary>
/// Persists trace summaries for all trace grains of a silo in batches: grains hand over their latest summary
/// (absolute values), and one flush every <see cref="FlushInterval"/> upserts them all with one COPY.
/// Only the newest summary per trace is kept, so a busy trace costs one row per flush, not one per span.
/// </summary>
public sealed class TraceSummaryWriter : IAsyncDisposable
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(200);

    private readonly NpgsqlDataSource _dataSource;
    private readonly object _gate = new();
    private readonly SemaphoreSlim _flushLock = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private Dictionary<(string Project, string TraceId), TraceSummary> _pending = new();

    public TraceSummaryWriter(NpgsqlDataSource dataSource)
    {
        _dataSource = dataSource;
        _loop = Task.Run(RunAsync);
    }

    public void Enqueue(string projectId, TraceSummary summary)
    {
        lock (_gate)
        {
            _pending[(projectId, summary.TraceId)] = summary;
        }
    }

    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        await _flushLock.WaitAsync(cancellationToken);
        Dictionary<(string Project, string TraceId), TraceSummary> batch;
        try
        {
            lock (_gate)
            {
                if (_pending.Count == 0)
                {
                    return;
                }

                batch = _pending;
                _pending = new();
            }

            try
            {
                await WriteAsync(batch, cancellationToken);
            }
            catch
            {
                // Put back what failed unless a newer summary arrived meanwhile; the next flush retries.
                lock (_gate)
                {
                    foreach (var (key, summary) in batch)
                    {
                        _pending.TryAdd(key, summary);
                    }
                }

                throw;
            }
        }
        finally
        {
            _flushLock.Release();
        }
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(FlushInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                try
                {
                    await FlushAsync(_stopping.Token);
                }
                catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
                {
                    // The database is away; summaries stay pending and are retried on the next tick.
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task WriteAsync(Dictionary<(string Project, string TraceId), TraceSummary> batch, CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var create = new NpgsqlCommand(
            "CREATE TEMP TABLE incoming_traces (LIKE traces INCLUDING DEFAULTS) ON COMMIT DROP", connection, tx))
        {
            await create.ExecuteNonQueryAsync(ct);
        }

        await using (var importer = await connection.BeginBinaryImportAsync(TraceSummaryCopyFormat.CopyCommand("incoming_traces"), ct))
        {
            foreach (var ((project, _), summary) in batch)
            {
                await TraceSummaryCopyFormat.WriteRowAsync(importer, project, summary, ct);
            }

            await importer.CompleteAsync(ct);
        }

        await using (var upsert = new NpgsqlCommand(
            """
            INSERT INTO traces SELECT * FROM incoming_traces
            ON CONFLICT (project_id, trace_id) DO UPDATE SET
                service_name = EXCLUDED.service_name, root_span_name = EXCLUDED.root_span_name, has_root = EXCLUDED.has_root,
                start_time = EXCLUDED.start_time, end_time = EXCLUDED.end_time, duration_ms = EXCLUDED.duration_ms,
                span_count = EXCLUDED.span_count, llm_call_count = EXCLUDED.llm_call_count, error_count = EXCLUDED.error_count,
                input_tokens = EXCLUDED.input_tokens, output_tokens = EXCLUDED.output_tokens, cost_usd = EXCLUDED.cost_usd,
                models = EXCLUDED.models, user_id = EXCLUDED.user_id, session_id = EXCLUDED.session_id, updated_at = now()
            -- A summary never shrinks: an older snapshot from another silo must not overwrite a newer one.
            WHERE traces.span_count <= EXCLUDED.span_count
            """, connection, tx))
        {
            await upsert.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        await _loop;
        await FlushAsync();
        _stopping.Dispose();
    }
}
