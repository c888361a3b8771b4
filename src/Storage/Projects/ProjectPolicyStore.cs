using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Observatory.Core.Pricing;

namespace Observatory.Storage.Projects;

/// <summary>A project's stored settings: content capture and the redaction policy (JSON, as RedactionSettings writes it).</summary>
public sealed record ProjectSettings(bool CaptureContent, string? RedactionJson);

/// <summary>The <c>project_settings</c> and <c>project_prices</c> tables, owned by the project's policy grain.</summary>
public sealed class ProjectPolicyStore(NpgsqlDataSource dataSource)
{
    private static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    public async Task<ProjectSettings> LoadSettingsAsync(string projectId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("SELECT capture_content, redaction::text FROM project_settings WHERE project_id = @p");
        cmd.Parameters.AddWithValue("p", projectId);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new ProjectSettings(reader.GetBoolean(0), reader.IsDBNull(1) ? null : reader.GetString(1))
            : new ProjectSettings(CaptureContent: true, RedactionJson: null);
    }

    public async Task SaveSettingsAsync(string projectId, ProjectSettings settings, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            """
            INSERT INTO project_settings (project_id, capture_content, redaction) VALUES (@p, @capture, @redaction)
            ON CONFLICT (project_id) DO UPDATE SET capture_content = EXCLUDED.capture_content, redaction = EXCLUDED.redaction, updated_at = now()
            """);
        cmd.Parameters.AddWithValue("p", projectId);
        cmd.Parameters.AddWithValue("capture", settings.CaptureContent);
        cmd.Parameters.AddWithValue("redaction", NpgsqlDbType.Jsonb, (object?)settings.RedactionJson ?? DBNull.Value);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task<IReadOnlyList<CustomPrice>> LoadPricesAsync(string projectId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            "SELECT price::text FROM project_prices WHERE project_id = @p ORDER BY provider, model, effective_from");
        cmd.Parameters.AddWithValue("p", projectId);
        var prices = new List<CustomPrice>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            prices.Add(JsonSerializer.Deserialize<CustomPrice>(reader.GetString(0), Json)!);
        }

        return prices;
    }

    /// <summary>Adds or replaces the price of (provider, model) from its effective date.</summary>
    public async Task SavePriceAsync(string projectId, CustomPrice price, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            """
            INSERT INTO project_prices (project_id, provider, model, effective_from, price) VALUES (@p, @provider, @model, @from, @price)
            ON CONFLICT (project_id, provider, model, effective_from) DO UPDATE SET price = EXCLUDED.price, updated_at = now()
            """);
        cmd.Parameters.AddWithValue("p", projectId);
        cmd.Parameters.AddWithValue("provider", price.Provider);
        cmd.Parameters.AddWithValue("model", price.Model);
        cmd.Parameters.AddWithValue("from", NpgsqlDbType.TimestampTz, (price.EffectiveFrom ?? DateTimeOffset.UnixEpoch).UtcDateTime);
        cmd.Parameters.AddWithValue("price", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(price, Json));
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
