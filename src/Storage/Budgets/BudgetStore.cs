using Npgsql;
using NpgsqlTypes;
using Observatory.Core.Budgets;

namespace Observatory.Storage.Budgets;

/// <summary>The <c>budgets</c> table, written by the project's budget directory grain.</summary>
public sealed class BudgetStore(NpgsqlDataSource dataSource)
{
    private const string Columns =
        "project_id, budget_id, name, limit_usd, limit_tokens, period, time_zone, window_minutes, service_name, provider, model, " +
        "user_id, session_id, attribute_key, attribute_value, created_at, updated_at";

    public async Task<IReadOnlyList<BudgetDefinition>> ListAsync(string projectId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"SELECT {Columns} FROM budgets WHERE project_id = @p ORDER BY created_at, budget_id");
        cmd.Parameters.AddWithValue("p", projectId);
        return await ReadAsync(cmd, ct);
    }

    public async Task<BudgetDefinition?> GetAsync(string projectId, string budgetId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"SELECT {Columns} FROM budgets WHERE project_id = @p AND budget_id = @id");
        cmd.Parameters.AddWithValue("p", projectId);
        cmd.Parameters.AddWithValue("id", budgetId);
        return (await ReadAsync(cmd, ct)).SingleOrDefault();
    }

    /// <summary>Inserts a new budget, or replaces an existing one's fields (keeping its creation time); returns it as stored.</summary>
    public async Task<BudgetDefinition> SaveAsync(BudgetDefinition budget, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            $"""
            INSERT INTO budgets ({Columns})
            VALUES (@p, @id, @name, @usd, @tokens, @period, @tz, @window, @service, @provider, @model, @user, @session, @akey, @aval, now(), now())
            ON CONFLICT (project_id, budget_id) DO UPDATE SET
                name = EXCLUDED.name, limit_usd = EXCLUDED.limit_usd, limit_tokens = EXCLUDED.limit_tokens, period = EXCLUDED.period,
                time_zone = EXCLUDED.time_zone, window_minutes = EXCLUDED.window_minutes, service_name = EXCLUDED.service_name,
                provider = EXCLUDED.provider, model = EXCLUDED.model, user_id = EXCLUDED.user_id, session_id = EXCLUDED.session_id,
                attribute_key = EXCLUDED.attribute_key, attribute_value = EXCLUDED.attribute_value, updated_at = now()
            RETURNING {Columns}
            """);
        cmd.Parameters.AddWithValue("p", budget.ProjectId);
        cmd.Parameters.AddWithValue("id", budget.BudgetId);
        cmd.Parameters.AddWithValue("name", budget.Name);
        cmd.Parameters.AddWithValue("usd", NpgsqlDbType.Numeric, (object?)budget.LimitUsd ?? DBNull.Value);
        cmd.Parameters.AddWithValue("tokens", NpgsqlDbType.Bigint, (object?)budget.LimitTokens ?? DBNull.Value);
        cmd.Parameters.AddWithValue("period", PeriodName(budget.Period.Kind));
        cmd.Parameters.AddWithValue("tz", budget.Period.TimeZone);
        cmd.Parameters.AddWithValue("window", NpgsqlDbType.Integer, (object?)budget.Period.WindowMinutes ?? DBNull.Value);
        BudgetSpendQuery.AddScope(cmd, budget.Scope);
        return (await ReadAsync(cmd, ct)).Single();
    }

    public async Task<bool> DeleteAsync(string projectId, string budgetId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("DELETE FROM budgets WHERE project_id = @p AND budget_id = @id");
        cmd.Parameters.AddWithValue("p", projectId);
        cmd.Parameters.AddWithValue("id", budgetId);
        return await cmd.ExecuteNonQueryAsync(ct) > 0;
    }

    public static string PeriodName(BudgetPeriodKind kind) => kind.ToString().ToLowerInvariant();

    private static async Task<IReadOnlyList<BudgetDefinition>> ReadAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var budgets = new List<BudgetDefinition>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            budgets.Add(new BudgetDefinition
            {
                ProjectId = reader.GetString(0),
                BudgetId = reader.GetString(1),
                Name = reader.GetString(2),
                LimitUsd = reader.IsDBNull(3) ? null : reader.GetDecimal(3),
                LimitTokens = reader.IsDBNull(4) ? null : reader.GetInt64(4),
                Period = new BudgetPeriod(Enum.Parse<BudgetPeriodKind>(reader.GetString(5), ignoreCase: true), reader.GetString(6),
                    reader.IsDBNull(7) ? null : reader.GetInt32(7)),
                Scope = new BudgetScope(Text(reader, 8), Text(reader, 9), Text(reader, 10), Text(reader, 11), Text(reader, 12),
                    Text(reader, 13), Text(reader, 14)),
                CreatedAt = reader.GetFieldValue<DateTimeOffset>(15),
                UpdatedAt = reader.GetFieldValue<DateTimeOffset>(16),
            });
        }

        return budgets;
    }

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
