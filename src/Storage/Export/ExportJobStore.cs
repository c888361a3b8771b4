using Npgsql;
using NpgsqlTypes;

namespace Observatory.Storage.Export;

/// <summary>
/// Persists export jobs. Every read and write names the project, so a job of one project is invisible to another.
/// A queued or running job whose holder stopped heart-beating is reported (and, on next touch, stored) as failed.
/// </summary>
public sealed class ExportJobStore(NpgsqlDataSource dataSource)
{
    /// <summary>How long a queued or running job may go without a heartbeat before it counts as abandoned.</summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromSeconds(60);

    private const string Columns =
        """
        project_id, job_id, format, filter_query,
        CASE WHEN status IN ('queued', 'running') AND heartbeat_at < now() - @abandoned THEN 'failed' ELSE status END,
        rows_written, rows_estimated, bytes_written, file_path,
        CASE WHEN status IN ('queued', 'running') AND heartbeat_at < now() - @abandoned
             THEN 'the process running the export stopped' ELSE error END,
        created_at, started_at, finished_at
        """;

    public async Task CreateAsync(ExportJob job, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            """
            INSERT INTO export_jobs (project_id, job_id, format, filter_query, status, rows_estimated)
            VALUES (@project, @job, @format, @filter, @status, @estimated)
            """);
        cmd.Parameters.AddWithValue("project", job.ProjectId);
        cmd.Parameters.AddWithValue("job", job.JobId);
        cmd.Parameters.AddWithValue("format", job.Format);
        cmd.Parameters.AddWithValue("filter", job.FilterQuery);
        cmd.Parameters.AddWithValue("status", job.Status);
        cmd.Parameters.AddWithValue("estimated", NpgsqlDbType.Bigint, (object?)job.RowsEstimated ?? DBNull.Value);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task<ExportJob?> GetAsync(string projectId, Guid jobId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"SELECT {Columns} FROM export_jobs WHERE project_id = @project AND job_id = @job");
        cmd.Parameters.AddWithValue("project", projectId);
        cmd.Parameters.AddWithValue("job", jobId);
        cmd.Parameters.AddWithValue("abandoned", AbandonedAfter);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader) : null;
    }

    /// <summary>Moves a queued job to running; false when it is no longer queued (cancelled meanwhile).</summary>
    public async Task<bool> StartAsync(string projectId, Guid jobId, long? rowsEstimated, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            """
            UPDATE export_jobs SET status = 'running', started_at = now(), heartbeat_at = now(), rows_estimated = @estimated
            WHERE project_id = @project AND job_id = @job AND status = 'queued'
            """);
        cmd.Parameters.AddWithValue("project", projectId);
        cmd.Parameters.AddWithValue("job", jobId);
        cmd.Parameters.AddWithValue("estimated", NpgsqlDbType.Bigint, (object?)rowsEstimated ?? DBNull.Value);
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>Records progress (and serves as the heartbeat); false when the job was cancelled meanwhile.</summary>
    public async Task<bool> ReportProgressAsync(string projectId, Guid jobId, long rowsWritten, long bytesWritten, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            """
            UPDATE export_jobs SET rows_written = @rows, bytes_written = @bytes, heartbeat_at = now()
            WHERE project_id = @project AND job_id = @job AND status = 'running'
            """);
        cmd.Parameters.AddWithValue("project", projectId);
        cmd.Parameters.AddWithValue("job", jobId);
        cmd.Parameters.AddWithValue("rows", rowsWritten);
        cmd.Parameters.AddWithValue("bytes", bytesWritten);
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>Keeps the jobs this process holds from counting as abandoned.</summary>
    public async Task HeartbeatAsync(IReadOnlyCollection<Guid> jobIds, CancellationToken ct)
    {
        if (jobIds.Count == 0)
        {
            return;
        }

        await using var cmd = dataSource.CreateCommand(
            "UPDATE export_jobs SET heartbeat_at = now() WHERE job_id = ANY(@jobs) AND status IN ('queued', 'running')");
        cmd.Parameters.AddWithValue("jobs", jobIds.ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Ends a running job as done with its file; false when it was cancelled meanwhile.</summary>
    public async Task<bool> CompleteAsync(string projectId, Guid jobId, long rowsWritten, long bytesWritten, string filePath, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            """
            UPDATE export_jobs SET status = 'done', rows_written = @rows, bytes_written = @bytes, file_path = @path, finished_at = now()
            WHERE project_id = @project AND job_id = @job AND status = 'running'
            """);
        cmd.Parameters.AddWithValue("project", projectId);
        cmd.Parameters.AddWithValue("job", jobId);
        cmd.Parameters.AddWithValue("rows", rowsWritten);
        cmd.Parameters.AddWithValue("bytes", bytesWritten);
        cmd.Parameters.AddWithValue("path", filePath);
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task FailAsync(string projectId, Guid jobId, string error, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            """
            UPDATE export_jobs SET status = 'failed', error = @error, finished_at = now()
            WHERE project_id = @project AND job_id = @job AND status IN ('queued', 'running')
            """);
        cmd.Parameters.AddWithValue("project", projectId);
        cmd.Parameters.AddWithValue("job", jobId);
        cmd.Parameters.AddWithValue("error", error);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Cancels a queued or running job; returns the job as it is afterwards, null when the project has no such job.</summary>
    public async Task<ExportJob?> CancelAsync(string projectId, Guid jobId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            """
            UPDATE export_jobs SET status = 'cancelled', finished_at = now()
            WHERE project_id = @project AND job_id = @job AND status IN ('queued', 'running')
            """);
        cmd.Parameters.AddWithValue("project", projectId);
        cmd.Parameters.AddWithValue("job", jobId);
        await cmd.ExecuteNonQueryAsync(ct);
        return await GetAsync(projectId, jobId, ct);
    }

    /// <summary>Forgets a finished job; returns its file path (to delete) or null.</summary>
    public async Task<string?> DeleteAsync(string projectId, Guid jobId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            "DELETE FROM export_jobs WHERE project_id = @project AND job_id = @job RETURNING file_path");
        cmd.Parameters.AddWithValue("project", projectId);
        cmd.Parameters.AddWithValue("job", jobId);
        return await cmd.ExecuteScalarAsync(ct) as string;
    }

    /// <summary>Housekeeping: forgets a job whose file expired, whatever its project.</summary>
    public async Task DeleteAnyProjectAsync(Guid jobId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("DELETE FROM export_jobs WHERE job_id = @job");
        cmd.Parameters.AddWithValue("job", jobId);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static ExportJob Read(NpgsqlDataReader r) => new()
    {
        ProjectId = r.GetString(0),
        JobId = r.GetGuid(1),
        Format = r.GetString(2),
        FilterQuery = r.GetString(3),
        Status = r.GetString(4),
        RowsWritten = r.GetInt64(5),
        RowsEstimated = r.IsDBNull(6) ? null : r.GetInt64(6),
        BytesWritten = r.GetInt64(7),
        FilePath = r.IsDBNull(8) ? null : r.GetString(8),
        Error = r.IsDBNull(9) ? null : r.GetString(9),
        CreatedAt = r.GetDateTime(10),
        StartedAt = r.IsDBNull(11) ? null : r.GetDateTime(11),
        FinishedAt = r.IsDBNull(12) ? null : r.GetDateTime(12),
    };
}
