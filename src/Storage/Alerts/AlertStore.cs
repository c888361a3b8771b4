using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Observatory.Core.Alerts;
using Observatory.Core.Budgets;
using Observatory.Storage.Budgets;

namespace Observatory.Storage.Alerts;

/// <summary>One delivery attempt of a notification: when, what came back (status code or error), how long it took.</summary>
public sealed record DeliveryAttempt(int Attempt, DateTimeOffset At, int? StatusCode, string? Error, double DurationMs);

/// <summary>A notification to one webhook, once its last attempt ended.</summary>
public sealed record AlertDelivery(
    long DeliveryId, string AlertId, string WebhookId, string Event, long Firing, bool Delivered, IReadOnlyList<DeliveryAttempt> Attempts,
    string Body, DateTimeOffset CreatedAt, DateTimeOffset FinishedAt);

/// <summary>The <c>alert_rules</c>, <c>alert_webhooks</c> and <c>alert_deliveries</c> tables.</summary>
public sealed class AlertStore(NpgsqlDataSource dataSource)
{
    private const string RuleColumns =
        "project_id, alert_id, name, metric, threshold, window_minutes, min_calls, budget_id, service_name, provider, model, user_id, session_id, " +
        "attribute_key, attribute_value, state, state_since, state_value, firings, created_at, updated_at, webhook_ids";

    public async Task<IReadOnlyList<(AlertRule Rule, AlertState State)>> ListAsync(string projectId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"SELECT {RuleColumns} FROM alert_rules WHERE project_id = @p ORDER BY created_at, alert_id");
        cmd.Parameters.AddWithValue("p", projectId);
        return await ReadRulesAsync(cmd, ct);
    }

    public async Task<(AlertRule Rule, AlertState State)?> GetAsync(string projectId, string alertId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"SELECT {RuleColumns} FROM alert_rules WHERE project_id = @p AND alert_id = @id");
        cmd.Parameters.AddWithValue("p", projectId);
        cmd.Parameters.AddWithValue("id", alertId);
        var rows = await ReadRulesAsync(cmd, ct);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>Inserts a rule, or replaces an existing one's fields (its state and creation time are kept); returns it as stored.</summary>
    public async Task<(AlertRule Rule, AlertState State)> SaveAsync(AlertRule rule, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            $"""
            INSERT INTO alert_rules (project_id, alert_id, name, metric, threshold, window_minutes, min_calls, budget_id, service_name, provider,
                                     model, user_id, session_id, attribute_key, attribute_value, webhook_ids)
            VALUES (@p, @id, @name, @metric, @threshold, @window, @minCalls, @budget, @service, @provider, @model, @user, @session, @akey, @aval, @hooks)
            ON CONFLICT (project_id, alert_id) DO UPDATE SET
                name = EXCLUDED.name, metric = EXCLUDED.metric, threshold = EXCLUDED.threshold, window_minutes = EXCLUDED.window_minutes,
                min_calls = EXCLUDED.min_calls, budget_id = EXCLUDED.budget_id, service_name = EXCLUDED.service_name,
                provider = EXCLUDED.provider, model = EXCLUDED.model, user_id = EXCLUDED.user_id, session_id = EXCLUDED.session_id,
                attribute_key = EXCLUDED.attribute_key, attribute_value = EXCLUDED.attribute_value,
                webhook_ids = EXCLUDED.webhook_ids, updated_at = now()
            RETURNING {RuleColumns}
            """);
        cmd.Parameters.AddWithValue("p", rule.ProjectId);
        cmd.Parameters.AddWithValue("id", rule.AlertId);
        cmd.Parameters.AddWithValue("name", rule.Name);
        cmd.Parameters.AddWithValue("metric", AlertRule.MetricName(rule.Metric));
        cmd.Parameters.AddWithValue("threshold", rule.Threshold);
        cmd.Parameters.AddWithValue("window", rule.WindowMinutes);
        cmd.Parameters.AddWithValue("minCalls", rule.MinCalls);
        cmd.Parameters.AddWithValue("budget", NpgsqlDbType.Text, (object?)rule.BudgetId ?? DBNull.Value);
        cmd.Parameters.AddWithValue("hooks", NpgsqlDbType.Array | NpgsqlDbType.Text, (object?)rule.WebhookIds?.ToArray() ?? DBNull.Value);
        BudgetSpendQuery.AddScope(cmd, rule.Scope);
        return (await ReadRulesAsync(cmd, ct)).Single();
    }

    /// <summary>Stores a rule's new state; false when the rule is gone.</summary>
    public async Task<bool> SaveStateAsync(string projectId, string alertId, AlertState state, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            "UPDATE alert_rules SET state = @state, state_since = @since, state_value = @value, firings = @firings WHERE project_id = @p AND alert_id = @id");
        cmd.Parameters.AddWithValue("p", projectId);
        cmd.Parameters.AddWithValue("id", alertId);
        cmd.Parameters.AddWithValue("state", AlertState.StatusName(state.Status));
        cmd.Parameters.AddWithValue("since", NpgsqlDbType.TimestampTz, (object?)state.Since?.UtcDateTime ?? DBNull.Value);
        cmd.Parameters.AddWithValue("value", NpgsqlDbType.Double, (object?)state.Value ?? DBNull.Value);
        cmd.Parameters.AddWithValue("firings", state.Firings);
        return await cmd.ExecuteNonQueryAsync(ct) > 0;
    }

    public async Task<bool> DeleteAsync(string projectId, string alertId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("DELETE FROM alert_rules WHERE project_id = @p AND alert_id = @id");
        cmd.Parameters.AddWithValue("p", projectId);
        cmd.Parameters.AddWithValue("id", alertId);
        return await cmd.ExecuteNonQueryAsync(ct) > 0;
    }

    public async Task<IReadOnlyList<WebhookDefinition>> ListWebhooksAsync(string projectId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            "SELECT project_id, webhook_id, name, url, secret, format, created_at FROM alert_webhooks WHERE project_id = @p ORDER BY created_at, webhook_id");
        cmd.Parameters.AddWithValue("p", projectId);
        var hooks = new List<WebhookDefinition>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            hooks.Add(new WebhookDefinition
            {
                ProjectId = reader.GetString(0),
                WebhookId = reader.GetString(1),
                Name = reader.GetString(2),
                Url = reader.GetString(3),
                Secret = reader.GetString(4),
                Format = Enum.Parse<WebhookFormat>(reader.GetString(5), ignoreCase: true),
                CreatedAt = reader.GetFieldValue<DateTimeOffset>(6),
            });
        }

        return hooks;
    }

    public async Task<WebhookDefinition> AddWebhookAsync(WebhookDefinition hook, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            "INSERT INTO alert_webhooks (project_id, webhook_id, name, url, secret, format) VALUES (@p, @id, @name, @url, @secret, @format) RETURNING created_at");
        cmd.Parameters.AddWithValue("p", hook.ProjectId);
        cmd.Parameters.AddWithValue("id", hook.WebhookId);
        cmd.Parameters.AddWithValue("name", hook.Name);
        cmd.Parameters.AddWithValue("url", hook.Url);
        cmd.Parameters.AddWithValue("secret", hook.Secret);
        cmd.Parameters.AddWithValue("format", hook.Format.ToString().ToLowerInvariant());
        var created = (DateTime)(await cmd.ExecuteScalarAsync(ct))!;
        return hook with { CreatedAt = new DateTimeOffset(DateTime.SpecifyKind(created, DateTimeKind.Utc)) };
    }

    public async Task<bool> DeleteWebhookAsync(string projectId, string webhookId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("DELETE FROM alert_webhooks WHERE project_id = @p AND webhook_id = @id");
        cmd.Parameters.AddWithValue("p", projectId);
        cmd.Parameters.AddWithValue("id", webhookId);
        return await cmd.ExecuteNonQueryAsync(ct) > 0;
    }

    public async Task AddDeliveryAsync(
        string projectId, string alertId, string webhookId, AlertEvent alertEvent, long firing, bool delivered, IReadOnlyList<DeliveryAttempt> attempts,
        string body, DateTimeOffset createdAt, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            """
            INSERT INTO alert_deliveries (project_id, alert_id, webhook_id, event, firing, delivered, attempts, body, created_at)
            VALUES (@p, @alert, @hook, @event, @firing, @delivered, @attempts, @body, @created)
            """);
        cmd.Parameters.AddWithValue("p", projectId);
        cmd.Parameters.AddWithValue("alert", alertId);
        cmd.Parameters.AddWithValue("hook", webhookId);
        cmd.Parameters.AddWithValue("event", alertEvent == AlertEvent.Fired ? "firing" : "resolved");
        cmd.Parameters.AddWithValue("firing", firing);
        cmd.Parameters.AddWithValue("delivered", delivered);
        cmd.Parameters.AddWithValue("attempts", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(attempts, JsonSerializerOptions.Web));
        cmd.Parameters.AddWithValue("body", body);
        cmd.Parameters.AddWithValue("created", NpgsqlDbType.TimestampTz, createdAt.UtcDateTime);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task<IReadOnlyList<AlertDelivery>> ListDeliveriesAsync(string projectId, string alertId, int limit, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            """
            SELECT delivery_id, alert_id, webhook_id, event, firing, delivered, attempts::text, body, created_at, finished_at
            FROM alert_deliveries WHERE project_id = @p AND alert_id = @alert ORDER BY delivery_id DESC LIMIT @limit
            """);
        cmd.Parameters.AddWithValue("p", projectId);
        cmd.Parameters.AddWithValue("alert", alertId);
        cmd.Parameters.AddWithValue("limit", limit);
        var rows = new List<AlertDelivery>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new AlertDelivery(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4), reader.GetBoolean(5),
                JsonSerializer.Deserialize<List<DeliveryAttempt>>(reader.GetString(6), JsonSerializerOptions.Web) ?? [],
                reader.GetString(7), reader.GetFieldValue<DateTimeOffset>(8), reader.GetFieldValue<DateTimeOffset>(9)));
        }

        return rows;
    }

    private static async Task<IReadOnlyList<(AlertRule Rule, AlertState State)>> ReadRulesAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var rules = new List<(AlertRule, AlertState)>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var rule = new AlertRule
            {
                ProjectId = reader.GetString(0),
                AlertId = reader.GetString(1),
                Name = reader.GetString(2),
                Metric = AlertRule.MetricNames[reader.GetString(3)],
                Threshold = reader.GetDouble(4),
                WindowMinutes = reader.GetInt32(5),
                MinCalls = reader.GetInt32(6),
                BudgetId = Text(reader, 7),
                Scope = new BudgetScope(Text(reader, 8), Text(reader, 9), Text(reader, 10), Text(reader, 11), Text(reader, 12), Text(reader, 13), Text(reader, 14)),
                CreatedAt = reader.GetFieldValue<DateTimeOffset>(19),
                UpdatedAt = reader.GetFieldValue<DateTimeOffset>(20),
                WebhookIds = reader.IsDBNull(21) ? null : reader.GetFieldValue<string[]>(21),
            };
            var state = new AlertState(
                Enum.Parse<AlertStatus>(reader.GetString(15), ignoreCase: true),
                reader.IsDBNull(16) ? null : reader.GetFieldValue<DateTimeOffset>(16),
                reader.IsDBNull(17) ? null : reader.GetDouble(17),
                reader.GetInt64(18));
            rules.Add((rule, state));
        }

        return rules;
    }

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
