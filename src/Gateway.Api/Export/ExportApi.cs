using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Observatory.Gateway.Api.Hosting;
using Observatory.Gateway.Api.Traces;
using Observatory.Storage.Export;
using Observatory.Web;

namespace Observatory.Gateway.Api.Export;

/// <summary>
/// Trace exports: streamed straight to the caller (<c>GET /export/traces</c>), or as background jobs for large
/// exports (<c>/exports</c>) that the caller polls, downloads and cancels. Everything is scoped to the caller's project.
/// </summary>
public static class ExportApi
{
    private const string Tag = "Export";
    private const string FilterHelp =
        "Filters are those of GET /api/v1/traces (service, model, status=ok|error, from, to as ISO-8601); " +
        "limit and cursor are ignored: an export covers every matching trace, newest first.";

    public static RouteGroupBuilder MapExportApi(this RouteGroupBuilder api)
    {
        api.MapGet("/export/traces", StreamTraces)
            .WithTags(Tag)
            .WithSummary("Export trace summaries as CSV, JSON Lines or Parquet, streamed")
            .WithDescription("One row per trace: traceId, serviceName, rootSpanName, startTime, durationMs, spanCount, llmCallCount, " +
                "errorCount, inputTokens, outputTokens, costUsd, models, userId, sessionId. format=csv (default; RFC 4180 with a " +
                "header row, models joined by ';'), jsonl (one trace-list object per line) or parquet. The body is written while " +
                "the rows are read, in batches, so any size streams in bounded memory. " + FilterHelp)
            .Produces(StatusCodes.Status200OK, contentType: "text/csv", additionalContentTypes: ["application/x-ndjson", "application/vnd.apache.parquet"])
            .Produces<ApiError>(StatusCodes.Status400BadRequest);
        api.MapPost("/exports", CreateJob)
            .WithTags(Tag)
            .WithSummary("Start an export job")
            .WithDescription("Takes the same query parameters as GET /api/v1/export/traces and answers 202 with the job; poll " +
                "GET /api/v1/exports/{id} for its progress and download it when its status is done. " + FilterHelp)
            .Produces<ExportJobDto>(StatusCodes.Status202Accepted)
            .Produces<ApiError>(StatusCodes.Status400BadRequest)
            .Produces<ApiError>(StatusCodes.Status503ServiceUnavailable);
        api.MapGet("/exports/{id}", GetJob)
            .WithTags(Tag)
            .WithSummary("An export job's status and progress")
            .WithDescription("status is queued, running, done, failed or cancelled; progress is rowsWritten / rowsEstimated; " +
                "downloadUrl is set once the job is done.")
            .Produces<ExportJobDto>()
            .Produces<ApiError>(StatusCodes.Status404NotFound);
        api.MapGet("/exports/{id}/download", DownloadJob)
            .WithTags(Tag)
            .WithSummary("Download a finished export job's file")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv", additionalContentTypes: ["application/x-ndjson", "application/vnd.apache.parquet"])
            .Produces<ApiError>(StatusCodes.Status404NotFound)
            .Produces<ApiError>(StatusCodes.Status409Conflict)
            .Produces<ApiError>(StatusCodes.Status410Gone);
        api.MapDelete("/exports/{id}", CancelJob)
            .WithTags(Tag)
            .WithSummary("Cancel an export job, or delete a finished one")
            .WithDescription("A queued or running job is cancelled (200 with the job, status cancelled, its partial file removed); " +
                "a finished job is removed with its file (204).")
            .Produces<ExportJobDto>()
            .Produces(StatusCodes.Status204NoContent)
            .Produces<ApiError>(StatusCodes.Status404NotFound);
        return api;
    }

    private static IResult StreamTraces(
        HttpContext http, TraceExportFormats formats, TraceExportSource source, ILoggerFactory loggers)
    {
        if (!TryParse(http, formats, out var format, out var filter, out var error))
        {
            return error;
        }

        var ct = http.RequestAborted;
        var fileName = $"traces-{DateTime.UtcNow:yyyyMMdd'T'HHmmss'Z'}.{format.FileExtension}";
        return TypedResults.Stream(
            async body =>
            {
                try
                {
                    await format.WriteAsync(source.ReadAsync(filter, ct).Select(TraceSummaryDto.From), body, _ => Task.CompletedTask, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The status line is long gone: cut the response so the client sees a truncated body, not a complete one.
                    loggers.CreateLogger(typeof(ExportApi)).LogError(e, "Trace export failed mid-stream");
                    http.Abort();
                }
            },
            format.ContentType,
            fileName);
    }

    private static async Task<IResult> CreateJob(
        HttpContext http, TraceExportFormats formats, ExportJobStore jobs, ExportJobRunner runner, CancellationToken ct)
    {
        if (!TryParse(http, formats, out var format, out _, out var error))
        {
            return error;
        }

        var job = new ExportJob
        {
            ProjectId = http.ProjectId(),
            JobId = Guid.CreateVersion7(),
            Format = format.Name,
            FilterQuery = TraceExportFilter.ToStoredForm(http.Request.Query),
            Status = ExportJobStatus.Queued,
            CreatedAt = DateTime.UtcNow,
        };
        await jobs.CreateAsync(job, ct);
        if (!runner.TryEnqueue(job))
        {
            await jobs.FailAsync(job.ProjectId, job.JobId, "too many export jobs are waiting; try again later", ct);
            return ApiError.Unavailable("Too many export jobs are waiting; try again later.");
        }

        var stored = await jobs.GetAsync(job.ProjectId, job.JobId, ct) ?? job;
        return TypedResults.Accepted($"/api/v1/exports/{job.JobId}", ExportJobDto.From(stored));
    }

    private static async Task<IResult> GetJob(string id, HttpContext http, ExportJobStore jobs, CancellationToken ct)
    {
        var job = await FindAsync(id, http, jobs, ct);
        return job is null ? NotFound(id) : TypedResults.Ok(ExportJobDto.From(job));
    }

    private static async Task<IResult> DownloadJob(string id, HttpContext http, ExportJobStore jobs, TraceExportFormats formats, CancellationToken ct)
    {
        var job = await FindAsync(id, http, jobs, ct);
        if (job is null)
        {
            return NotFound(id);
        }

        if (job.Status != ExportJobStatus.Done)
        {
            return TypedResults.Json(
                new ApiError(new ApiErrorBody("conflict", $"Export {job.JobId} is {job.Status}; it can be downloaded once it is done.")),
                statusCode: StatusCodes.Status409Conflict);
        }

        if (job.FilePath is null || !File.Exists(job.FilePath))
        {
            return TypedResults.Json(
                new ApiError(new ApiErrorBody("gone", $"The file of export {job.JobId} is no longer on this server.")),
                statusCode: StatusCodes.Status410Gone);
        }

        var format = formats.Find(job.Format)!;
        return TypedResults.PhysicalFile(job.FilePath, format.ContentType, $"traces-{job.JobId:N}.{format.FileExtension}");
    }

    private static async Task<IResult> CancelJob(
        string id, HttpContext http, ExportJobStore jobs, ExportJobRunner runner, CancellationToken ct)
    {
        var job = await FindAsync(id, http, jobs, ct);
        if (job is null)
        {
            return NotFound(id);
        }

        if (!ExportJobStatus.IsFinal(job.Status))
        {
            var cancelled = await jobs.CancelAsync(job.ProjectId, job.JobId, ct);
            runner.Cancel(job.JobId);
            if (cancelled is not null && cancelled.Status == ExportJobStatus.Cancelled)
            {
                return TypedResults.Ok(ExportJobDto.From(cancelled));
            }
        }

        var path = await jobs.DeleteAsync(job.ProjectId, job.JobId, ct);
        if (path is not null)
        {
            File.Delete(path);
        }

        return TypedResults.NoContent();
    }

    private static bool TryParse(
        HttpContext http, TraceExportFormats formats, out TraceExportFormat format, out Storage.Traces.TraceListQuery filter, out IResult error)
    {
        var q = http.Request.Query;
        format = formats.Find(q["format"])!;
        filter = null!;
        error = null!;
        if (format is null)
        {
            error = ApiError.BadRequest($"'format' must be one of {string.Join(", ", formats.Names)}, got '{q["format"]}'.");
            return false;
        }

        if (!TraceExportFilter.TryParse(q, http.ProjectId(), out filter, out var message))
        {
            error = ApiError.BadRequest(message!);
            return false;
        }

        return true;
    }

    private static async Task<ExportJob?> FindAsync(string id, HttpContext http, ExportJobStore jobs, CancellationToken ct) =>
        Guid.TryParse(id, out var jobId) ? await jobs.GetAsync(http.ProjectId(), jobId, ct) : null;

    private static IResult NotFound(string id) => ApiError.NotFound($"No export job with id '{id}'.");
}

/// <summary>An export job as the API shows it; <see cref="Progress"/> is 0–1, null until the row count is known.</summary>
public sealed record ExportJobDto(
    Guid Id, string Status, string Format, string Filters, long RowsWritten, long? RowsEstimated, double? Progress,
    long BytesWritten, DateTime CreatedAt, DateTime? StartedAt, DateTime? FinishedAt, string? Error, string? DownloadUrl)
{
    public static ExportJobDto From(ExportJob job) => new(
        job.JobId, job.Status, job.Format, job.FilterQuery, job.RowsWritten, job.RowsEstimated,
        job.Status == ExportJobStatus.Done ? 1.0
            : job.RowsEstimated is long total ? total == 0 ? 0 : Math.Min(1.0, (double)job.RowsWritten / total) : null,
        job.BytesWritten, job.CreatedAt, job.StartedAt, job.FinishedAt, job.Error,
        job.Status == ExportJobStatus.Done ? $"/api/v1/exports/{job.JobId}/download" : null);
}
