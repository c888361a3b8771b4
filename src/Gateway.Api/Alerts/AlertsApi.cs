using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Observatory.Core.Alerts;
using Observatory.Core.Budgets;
using Observatory.Core.Projects;
using Observatory.Gateway.Api.Hosting;
using Observatory.Gateway.Api.OpenApi;
using Observatory.Grains.Contracts.Alerts;
using Observatory.Grains.Contracts.Budgets;
using Observatory.Storage.Alerts;
using Observatory.Web;
using Observatory.Web.Auth;
using Observatory.Web.QueryCache;

namespace Observatory.Gateway.Api.Alerts;

/// <summary>
/// Alert rules and their webhooks (issue 11): admins define both; any key of the project reads the rules, their states
/// and delivery logs. Webhooks are per project: every rule of the project notifies every webhook of the project. Never
/// cached (a state is live).
/// </summary>
public static class AlertsApi
{
    public static RouteGroupBuilder MapAlertsApi(this RouteGroupBuilder api)
    {
        var alerts = api.MapGroup("/alerts").WithoutQueryCache();
        alerts.MapGet("", List).WithSummary("The project's alert rules and their states.");
        alerts.MapPost("", Create).AcceptsJsonBody<AlertBody>().RequireRole(ApiKeyRole.Admin).WithSummary("Create an alert rule (admin keys).");
        alerts.MapGet("/webhooks", ListWebhooks).RequireRole(ApiKeyRole.Admin).WithSummary("The project's webhooks (admin keys; secrets are not shown).");
        alerts.MapPost("/webhooks", AddWebhook).AcceptsJsonBody<WebhookBody>().RequireRole(ApiKeyRole.Admin)
            .WithSummary("Add a webhook that every alert of the project notifies (admin keys); the answer shows its secret, once.");
        alerts.MapDelete("/webhooks/{id}", DeleteWebhook).RequireRole(ApiKeyRole.Admin).WithSummary("Delete a webhook (admin keys).");
        alerts.MapGet("/{id}", Get).WithSummary("One alert rule and its state.");
        alerts.MapPut("/{id}", Replace).AcceptsJsonBody<AlertBody>().RequireRole(ApiKeyRole.Admin).WithSummary("Replace an alert rule (admin keys).");
        alerts.MapDelete("/{id}", Delete).RequireRole(ApiKeyRole.Admin).WithSummary("Delete an alert rule (admin keys).");
        alerts.MapGet("/{id}/deliveries", Deliveries).WithSummary("The rule's notifications, newest first, with every attempt of each.");
        return api;
    }

    private static async Task<IResult> List(HttpContext context, IGrainFactory grains)
    {
        var projectId = context.ProjectId();
        var rules = await grains.GetGrain<IAlertDirectoryGrain>(projectId).List();
        var states = await Task.WhenAll(rules.Select(r => Alert(grains, projectId, r.AlertId).Status()));
        return Results.Ok(new { data = states.Where(s => s.Found).Select(s => AlertDto.From(s)).ToList() });
    }

    private static async Task<IResult> Get(string id, HttpContext context, IGrainFactory grains)
    {
        var projectId = context.ProjectId();
        var rules = await grains.GetGrain<IAlertDirectoryGrain>(projectId).List();
        if (rules.All(r => r.AlertId != id))
        {
            return NotFound(id);
        }

        var status = await Alert(grains, projectId, id).Status();
        return status.Found ? Results.Ok(AlertDto.From(status)) : NotFound(id);
    }

    private static async Task<IResult> Create(HttpContext context, IGrainFactory grains)
    {
        var (rule, error) = await ReadAsync(context, AlertRule.NewId(), grains);
        if (rule is null)
        {
            return error!;
        }

        var saved = await grains.GetGrain<IAlertDirectoryGrain>(context.ProjectId()).Save(rule, create: true);
        if (saved is null)
        {
            return Results.Json(new ApiError(new ApiErrorBody("conflict", $"Alert '{rule.AlertId}' exists.")), statusCode: StatusCodes.Status409Conflict);
        }

        var status = await Alert(grains, saved.ProjectId, saved.AlertId).Status();
        return Results.Created($"/api/v1/alerts/{saved.AlertId}", status.Found ? AlertDto.From(status) : AlertDto.From(saved, AlertState.Initial, null, null));
    }

    private static async Task<IResult> Replace(string id, HttpContext context, IGrainFactory grains)
    {
        var (rule, error) = await ReadAsync(context, id, grains);
        if (rule is null)
        {
            return error!;
        }

        var saved = await grains.GetGrain<IAlertDirectoryGrain>(context.ProjectId()).Save(rule, create: false);
        if (saved is null)
        {
            return NotFound(id);
        }

        var status = await Alert(grains, saved.ProjectId, saved.AlertId).Status();
        return Results.Ok(status.Found ? AlertDto.From(status) : AlertDto.From(saved, AlertState.Initial, null, null));
    }

    private static async Task<IResult> Delete(string id, HttpContext context, IGrainFactory grains) =>
        await grains.GetGrain<IAlertDirectoryGrain>(context.ProjectId()).Delete(id) ? Results.NoContent() : NotFound(id);

    private static async Task<IResult> Deliveries(string id, HttpContext context, IGrainFactory grains, AlertStore store, CancellationToken ct)
    {
        var rules = await grains.GetGrain<IAlertDirectoryGrain>(context.ProjectId()).List();
        if (rules.All(r => r.AlertId != id))
        {
            return NotFound(id);
        }

        var rows = await store.ListDeliveriesAsync(context.ProjectId(), id, 100, ct);
        return Results.Ok(new { data = rows.Select(DeliveryDto.From).ToList() });
    }

    private static async Task<IResult> ListWebhooks(HttpContext context, IGrainFactory grains)
    {
        var hooks = await grains.GetGrain<IAlertDirectoryGrain>(context.ProjectId()).Webhooks();
        return Results.Ok(new { data = hooks.Select(h => WebhookDto.From(h)).ToList() });
    }

    private static async Task<IResult> AddWebhook(HttpContext context, IGrainFactory grains)
    {
        WebhookBody? body;
        try
        {
            body = await context.Request.ReadFromJsonAsync<WebhookBody>(JsonSerializerOptions.Web);
        }
        catch (JsonException ex)
        {
            return ApiError.BadRequest("The body is not a webhook: " + ex.Message);
        }

        if (body is null || body.Name is null || body.Url is null)
        {
            return ApiError.BadRequest("The body must name 'name' and 'url'; optionally 'format' (json or slack) and 'secret'.");
        }

        WebhookFormat format;
        if (body.Format is null)
        {
            format = WebhookFormat.Json;
        }
        else if (body.Format is "json" or "slack")
        {
            format = body.Format == "json" ? WebhookFormat.Json : WebhookFormat.Slack;
        }
        else
        {
            return ApiError.BadRequest($"'format' must be 'json' or 'slack', not '{body.Format}'.");
        }

        var hook = new WebhookDefinition
        {
            ProjectId = context.ProjectId(),
            WebhookId = WebhookDefinition.NewId(),
            Name = body.Name,
            Url = body.Url,
            Secret = body.Secret ?? WebhookDefinition.NewSecret(),
            Format = format,
        };
        if (hook.Validate() is { Count: > 0 } problems)
        {
            return ApiError.BadRequest(string.Join(" ", problems));
        }

        var reply = await grains.GetGrain<IAlertDirectoryGrain>(context.ProjectId()).AddWebhook(hook);
        return reply.Webhook is { } stored
            ? Results.Created($"/api/v1/alerts/webhooks/{stored.WebhookId}", WebhookDto.From(stored, withSecret: true))
            : ApiError.BadRequest(reply.Problem ?? "The webhook was refused.");
    }

    private static async Task<IResult> DeleteWebhook(string id, HttpContext context, IGrainFactory grains) =>
        await grains.GetGrain<IAlertDirectoryGrain>(context.ProjectId()).DeleteWebhook(id)
            ? Results.NoContent()
            : ApiError.NotFound($"No webhook '{id}' in this project.");

    private static IAlertGrain Alert(IGrainFactory grains, string projectId, string alertId) =>
        grains.GetGrain<IAlertGrain>(BudgetKeys.Budget(projectId, alertId));

    private static IResult NotFound(string id) => ApiError.NotFound($"No alert '{id}' in this project.");

    private static async Task<(AlertRule? Rule, IResult? Error)> ReadAsync(HttpContext context, string id, IGrainFactory grains)
    {
        AlertBody? body;
        try
        {
            body = await context.Request.ReadFromJsonAsync<AlertBody>(JsonSerializerOptions.Web);
        }
        catch (JsonException ex)
        {
            return (null, ApiError.BadRequest("The body is not an alert rule: " + ex.Message));
        }

        if (body is null || body.Name is null || body.Metric is null || body.Threshold is null)
        {
            return (null, ApiError.BadRequest(
                "The body must name 'name', 'metric' (cost, tokens, calls, error_rate, latency_p95, ttft_p95 or budget_percent) and 'threshold'; " +
                "optionally 'windowMinutes', 'minCalls', 'budgetId' (budget_percent), 'webhookIds' and 'scope'."));
        }

        if (!AlertRule.MetricNames.TryGetValue(body.Metric, out var metric))
        {
            return (null, ApiError.BadRequest(
                $"'metric' must be cost, tokens, calls, error_rate, latency_p95, ttft_p95 or budget_percent, not '{body.Metric}'."));
        }

        var rule = new AlertRule
        {
            ProjectId = context.ProjectId(),
            AlertId = id,
            Name = body.Name,
            Metric = metric,
            Threshold = body.Threshold.Value,
            WindowMinutes = body.WindowMinutes ?? 5,
            MinCalls = body.MinCalls ?? 1,
            BudgetId = body.BudgetId,
            WebhookIds = body.WebhookIds,
            Scope = body.Scope?.ToScope() ?? BudgetScope.Project,
        };
        if (rule.Validate() is { Count: > 0 } problems)
        {
            return (null, ApiError.BadRequest(string.Join(" ", problems)));
        }

        if (rule.BudgetId is { } budgetId)
        {
            var budgets = await grains.GetGrain<IBudgetDirectoryGrain>(rule.ProjectId).List();
            if (budgets.Budgets.All(b => b.BudgetId != budgetId))
            {
                return (null, ApiError.BadRequest($"budgetId '{budgetId}' is not a budget of this project."));
            }
        }

        if (rule.WebhookIds is { } hookIds)
        {
            var hooks = await grains.GetGrain<IAlertDirectoryGrain>(rule.ProjectId).Webhooks();
            if (hookIds.FirstOrDefault(id => hooks.All(h => h.WebhookId != id)) is { } unknown)
            {
                return (null, ApiError.BadRequest($"webhookIds: '{unknown}' is not a webhook of this project."));
            }
        }

        return (rule, null);
    }
}
