using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Observatory.Gateway.Api.Traces;
using Observatory.Storage.Export;

namespace Observatory.Gateway.Api.Export;

/// <summary>
/// Runs export jobs in the API process: a bounded queue drained by a few workers, each writing one file under
/// <see cref="ExportOptions.Directory"/> and recording progress in <c>export_jobs</c> as it goes. Jobs live with the
/// process that accepted them: a heartbeat keeps them alive, and a job whose process stops is reported failed.
/// </summary>
public sealed class ExportJobRunner(
    ExportJobStore jobs, TraceExportSource source, TraceExportFormats formats, IOptions<ExportOptions> options,
    ILogger<ExportJobRunner> logger) : BackgroundService
{
    private static readonly TimeSpan HeartbeatEvery = TimeSpan.FromSeconds(10);

    private readonly Channel<ExportJob> _queue = Channel.CreateBounded<ExportJob>(new BoundedChannelOptions(options.Value.QueueCapacity)
    {
        FullMode = BoundedChannelFullMode.Wait,
    });

    /// <summary>Jobs this process holds (queued or running), with the token that cancels each.</summary>
    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> _held = new();

    /// <summary>Queues a stored job; false when the queue is full.</summary>
    public bool TryEnqueue(ExportJob job)
    {
        _held[job.JobId] = new CancellationTokenSource();
        if (_queue.Writer.TryWrite(job))
        {
            return true;
        }

        _held.TryRemove(job.JobId, out _);
        return false;
    }

    /// <summary>Stops a job this process holds (a no-op for other jobs: their holder sees the status at its next checkpoint).</summary>
    public void Cancel(Guid jobId)
    {
        if (_held.TryGetValue(jobId, out var cts))
        {
            cts.Cancel();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Directory.CreateDirectory(options.Value.Directory);
        var workers = Enumerable.Range(0, Math.Max(0, options.Value.Concurrency)).Select(_ => WorkAsync(stoppingToken)).ToList();
        using var timer = new PeriodicTimer(HeartbeatEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await jobs.HeartbeatAsync(_held.Keys.ToList(), stoppingToken);
                    await RemoveExpiredAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Export job heartbeat failed");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        _queue.Writer.TryComplete();
        await Task.WhenAll(workers);
        await FailLeftOversAsync();
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var job in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                await RunAsync(job, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Jobs still queued when the process stops will never run: say so rather than leave them queued.</summary>
    private async Task FailLeftOversAsync()
    {
        while (_queue.Reader.TryRead(out var left))
        {
            try
            {
                await jobs.FailAsync(left.ProjectId, left.JobId, "the API stopped before the export ran", CancellationToken.None);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Could not mark export job {JobId} failed at shutdown", left.JobId);
            }
        }
    }

    private async Task RunAsync(ExportJob job, CancellationToken stoppingToken)
    {
        if (!_held.TryGetValue(job.JobId, out var cancel))
        {
            return;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancel.Token, stoppingToken);
        var ct = linked.Token;
        var format = formats.Find(job.Format)!;
        var finalPath = Path.Combine(options.Value.Directory, $"{job.JobId:N}.{format.FileExtension}");
        var partPath = finalPath + ".part";
        try
        {
            if (!TraceExportFilter.TryParse(TraceExportFilter.FromStoredForm(job.FilterQuery), job.ProjectId, out var filter, out var error))
            {
                await jobs.FailAsync(job.ProjectId, job.JobId, error!, CancellationToken.None);
                return;
            }

            var estimate = await source.CountAsync(filter, ct);
            if (!await jobs.StartAsync(job.ProjectId, job.JobId, estimate, ct))
            {
                return;
            }

            long rows;
            await using (var file = new FileStream(partPath, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
            {
                rows = await format.WriteAsync(
                    source.ReadAsync(filter, ct).Select(TraceSummaryDto.From),
                    file,
                    async written =>
                    {
                        if (!await jobs.ReportProgressAsync(job.ProjectId, job.JobId, written, file.Position, ct))
                        {
                            await cancel.CancelAsync(); // cancelled through another process
                            ct.ThrowIfCancellationRequested();
                        }
                    },
                    ct);
            }

            File.Move(partPath, finalPath, overwrite: true);
            if (!await jobs.CompleteAsync(job.ProjectId, job.JobId, rows, new FileInfo(finalPath).Length, finalPath, CancellationToken.None))
            {
                File.Delete(finalPath); // cancelled in the last moment
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            TryDelete(partPath);
            if (stoppingToken.IsCancellationRequested)
            {
                await jobs.FailAsync(job.ProjectId, job.JobId, "the API stopped before the export finished", CancellationToken.None);
            }
        }
        catch (Exception e)
        {
            logger.LogError(e, "Export job {JobId} failed", job.JobId);
            TryDelete(partPath);
            await jobs.FailAsync(job.ProjectId, job.JobId, $"export failed: {e.Message}", CancellationToken.None);
        }
        finally
        {
            if (_held.TryRemove(job.JobId, out var cts))
            {
                cts.Dispose();
            }
        }
    }

    /// <summary>Deletes this process's export files older than the retention, with their jobs.</summary>
    private async Task RemoveExpiredAsync(CancellationToken ct)
    {
        var cutoff = DateTime.UtcNow - options.Value.Retention;
        foreach (var path in Directory.EnumerateFiles(options.Value.Directory))
        {
            if (File.GetLastWriteTimeUtc(path) < cutoff && Guid.TryParseExact(Path.GetFileName(path).Split('.')[0], "N", out var jobId) && !_held.ContainsKey(jobId))
            {
                await jobs.DeleteAnyProjectAsync(jobId, ct);
                TryDelete(path);
            }
        }
    }

    private void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException e)
        {
            logger.LogWarning(e, "Could not delete export file {Path}", path);
        }
    }
}
