using Npgsql;
using Observatory.Core.Projects;

namespace Observatory.Storage.Projects;

/// <summary>A project as the admin API lists it.</summary>
public sealed record ProjectRecord(string ProjectId, string Name, DateTimeOffset CreatedAt);

/// <summary>The <c>projects</c> and <c>api_keys</c> tables.</summary>
public sealed class ProjectStore(NpgsqlDataSource dataSource) : IApiKeyLookup
{
    /// <summary>Creates a project; false when the id is taken.</summary>
    public async Task<bool> CreateProjectAsync(string projectId, string name, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("INSERT INTO projects (project_id, name) VALUES (@id, @name) ON CONFLICT DO NOTHING");
        cmd.Parameters.AddWithValue("id", projectId);
        cmd.Parameters.AddWithValue("name", name);
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task<IReadOnlyList<ProjectRecord>> ListProjectsAsync(CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("SELECT project_id, name, created_at FROM projects ORDER BY project_id");
        var projects = new List<ProjectRecord>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            projects.Add(new ProjectRecord(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2)));
        }

        return projects;
    }

    public async Task<bool> ProjectExistsAsync(string projectId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("SELECT 1 FROM projects WHERE project_id = @id");
        cmd.Parameters.AddWithValue("id", projectId);
        return await cmd.ExecuteScalarAsync(ct) is not null;
    }

    /// <summary>Stores a new key (its hash only) and returns the secret, which is never shown again.</summary>
    public async Task<(string Secret, ApiKeyRecord Record)> CreateKeyAsync(string projectId, ApiKeyRole role, ApiKeyKind kind, string name, CancellationToken ct)
    {
        var (secret, keyId) = ApiKeys.Generate();
        var record = new ApiKeyRecord(keyId, projectId, ApiKeys.Hash(secret), role, kind, name, DateTimeOffset.UtcNow, null);
        await using var cmd = dataSource.CreateCommand(
            "INSERT INTO api_keys (key_id, project_id, key_hash, role, kind, name, created_at) VALUES (@id, @project, @hash, @role, @kind, @name, @created)");
        cmd.Parameters.AddWithValue("id", keyId);
        cmd.Parameters.AddWithValue("project", projectId);
        cmd.Parameters.AddWithValue("hash", record.Hash);
        cmd.Parameters.AddWithValue("role", role.ToString().ToLowerInvariant());
        cmd.Parameters.AddWithValue("kind", kind.ToString().ToLowerInvariant());
        cmd.Parameters.AddWithValue("name", name);
        cmd.Parameters.AddWithValue("created", record.CreatedAt);
        await cmd.ExecuteNonQueryAsync(ct);
        return (secret, record);
    }

    public async Task<IReadOnlyList<ApiKeyRecord>> ListKeysAsync(string projectId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(Select + " WHERE project_id = @project ORDER BY created_at, key_id");
        cmd.Parameters.AddWithValue("project", projectId);
        return await ReadAsync(cmd, ct);
    }

    public async Task<ApiKeyRecord?> FindAsync(string keyId, CancellationToken cancellationToken)
    {
        await using var cmd = dataSource.CreateCommand(Select + " WHERE key_id = @id");
        cmd.Parameters.AddWithValue("id", keyId);
        var keys = await ReadAsync(cmd, cancellationToken);
        return keys.Count == 0 ? null : keys[0];
    }

    /// <summary>Revokes a key of the project; false when it has no such key.</summary>
    public async Task<bool> RevokeKeyAsync(string projectId, string keyId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            "UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE key_id = @id AND project_id = @project");
        cmd.Parameters.AddWithValue("id", keyId);
        cmd.Parameters.AddWithValue("project", projectId);
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task<bool> AnyAdminKeyAsync(CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("SELECT 1 FROM api_keys WHERE role = 'admin' AND revoked_at IS NULL LIMIT 1");
        return await cmd.ExecuteScalarAsync(ct) is not null;
    }

    private const string Select = "SELECT key_id, project_id, key_hash, role, kind, name, created_at, revoked_at FROM api_keys";

    private static async Task<List<ApiKeyRecord>> ReadAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var keys = new List<ApiKeyRecord>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            keys.Add(new ApiKeyRecord(
                reader.GetString(0), reader.GetString(1), reader.GetFieldValue<byte[]>(2),
                Enum.Parse<ApiKeyRole>(reader.GetString(3), ignoreCase: true), Enum.Parse<ApiKeyKind>(reader.GetString(4), ignoreCase: true),
                reader.GetString(5), reader.GetFieldValue<DateTimeOffset>(6), reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7)));
        }

        return keys;
    }
}
