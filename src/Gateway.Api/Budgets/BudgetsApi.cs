using System.ComponentModel;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Observatory.Core.Budgets;
using Observatory.Core.Projects;
using Observatory.Gateway.Api.Hosting;
using Observatory.Gateway.Api.OpenApi;
using Observatory.Grains.Contracts.Budgets;
using Observatory.Web;
using Observatory.Web.Auth;
using Observatory.Web.QueryCache;

namespace Observatory.Gateway.Api.Budgets;

/// <summary>
/// Budgets (issue 11): admins define them; anyone with a key of the project, ingest keys included, checks them. Checks
/// are answered by the budget grains from memory, never from SQL, and never cached (a cached "allowed" would be a lie).
/// </summary>
public static class BudgetsApi
{
    public static RouteGroupBuilder MapBudgetsApi(this RouteGroupBuilder api)
    {
        var budgets = api.MapGroup("/budgets").WithoutQueryCache();
        budgets.MapGet("", List).WithSummary("The project's budgets.");
        // Bodies are read by hand (a malformed one gets a 400 that says what is wrong); AcceptsJsonBody describes them.
        budgets.MapPost("", Create).AcceptsJsonBody<BudgetBody>().RequireRole(ApiKeyRole.Admin).WithSummary("Create a budget (admin keys).");
        budgets.MapGet("/check", CheckMatching).AllowIngestKeys()
            .WithSummary("Check every budget that counts a call of this service/provider/model/user/session: allowed only if all are.");
        budgets.MapGet("/{id}", Get).WithSummary("One budget.");
        budgets.MapPut("/{id}", Replace).AcceptsJsonBody<BudgetBody>().RequireRole(ApiKeyRole.Admin).WithSummary("Replace a budget (admin keys).");
        budgets.MapDelete("/{id}", Delete).RequireRole(ApiKeyRole.Admin).WithSummary("Delete a budget (admin keys).");
        budgets.MapGet("/{id}/check", Check).AllowIngestKeys()
            .WithSummary("May the caller spend? The period's spend against the limits, answered from memory; ingest keys may call it.");
        return api;
    }

    private static async Task<IResult> List(HttpContext context, IGrainFactory grains)
    {
        var list = await grains.GetGrain<IBudgetDirectoryGrain>(context.ProjectId()).List();
        return Results.Ok(new { data = list.Budgets.Select(BudgetDto.From).ToList() });
    }

    private static async Task<IResult> Get(string id, HttpContext context, IGrainFactory grains)
    {
        var list = await grains.GetGrain<IBudgetDirectoryGrain>(context.ProjectId()).List();
        return list.Budgets.FirstOrDefault(b => b.BudgetId == id) is { } budget ? Results.Ok(BudgetDto.From(budget)) : NotFound(id);
    }

    private static async Task<IResult> Create(HttpContext context, IGrainFactory grains)
    {
        var (budget, error) = await ReadAsync(context, BudgetDefinition.NewId());
        if (budget is null)
        {
            return error!;
        }

        var saved = await grains.GetGrain<IBudgetDirectoryGrain>(context.ProjectId()).Save(budget, create: true);
        return saved is null
            ? Results.Json(new ApiError(new ApiErrorBody("conflict", $"Budget '{budget.BudgetId}' exists.")), statusCode: StatusCodes.Status409Conflict)
            : Results.Created($"/api/v1/budgets/{saved.BudgetId}", BudgetDto.From(saved));
    }

    private static async Task<IResult> Replace(string id, HttpContext context, IGrainFactory grains)
    {
        var (budget, error) = await ReadAsync(context, id);
        if (budget is null)
        {
            return error!;
        }

        var saved = await grains.GetGrain<IBudgetDirectoryGrain>(context.ProjectId()).Save(budget, create: false);
        return saved is null ? NotFound(id) : Results.Ok(BudgetDto.From(saved));
    }

    private static async Task<IResult> Delete(string id, HttpContext context, IGrainFactory grains) =>
        await grains.GetGrain<IBudgetDirectoryGrain>(context.ProjectId()).Delete(id) ? Results.NoContent() : NotFound(id);

    private static async Task<IResult> Check(string id, HttpContext context, IGrainFactory grains)
    {
        var reply = await grains.GetGrain<IBudgetGrain>(BudgetKeys.Budget(context.ProjectId(), id)).Check();
        return reply.Found ? Results.Ok(BudgetCheckDto.From(reply)) : NotFound(id);
    }

    private static async Task<IResult> CheckMatching(
        HttpContext context, IGrainFactory grains,
        [FromQuery, Description("The calling service (service.name).")] string? service = null,
        [FromQuery, Description("The provider about to be called.")] string? provider = null,
        [FromQuery, Description("The model about to be called.")] string? model = null,
        [FromQuery, Description("The user the call is for.")] string? userId = null,
        [FromQuery, Description("The session the call belongs to.")] string? sessionId = null,
        [FromQuery, Description("An attribute the call's span will carry (with attributeValue).")] string? attributeKey = null,
        [FromQuery, Description("That attribute's value, as text.")] string? attributeValue = null)
    {
        var call = new BudgetScope(Blank(service), Blank(provider), Blank(model), Blank(userId), Blank(sessionId), Blank(attributeKey), Blank(attributeValue));
        var replies = await grains.GetGrain<IBudgetDirectoryGrain>(context.ProjectId()).CheckMatching(call);
        var checks = replies.Where(r => r.Found).Select(BudgetCheckDto.From).ToList();
        return Results.Ok(new BudgetBulkCheckDto(checks.All(c => c.Allowed), checks));
    }

    private static string? Blank(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static IResult NotFound(string id) => ApiError.NotFound($"No budget '{id}' in this project.");

    private static async Task<(BudgetDefinition? Budget, IResult? Error)> ReadAsync(HttpContext context, string id)
    {
        BudgetBody? body;
        try
        {
            body = await context.Request.ReadFromJsonAsync<BudgetBody>(JsonSerializerOptions.Web);
        }
        catch (JsonException ex)
        {
            return (null, ApiError.BadRequest("The body is not a budget: " + ex.Message));
        }

        if (body is null || body.Name is null || body.Period is null)
        {
            return (null, ApiError.BadRequest(
                "The body must name 'name', 'period' (day, week, month or rolling) and 'limitUsd' and/or 'limitTokens'; " +
                "optionally 'timeZone', 'windowMinutes' and 'scope'."));
        }

        if (!Enum.TryParse<BudgetPeriodKind>(body.Period, ignoreCase: true, out var kind) || !Enum.IsDefined(kind) || body.Period.Any(char.IsDigit))
        {
            return (null, ApiError.BadRequest($"'period' must be 'day', 'week', 'month' or 'rolling', not '{body.Period}'."));
        }

        var budget = new BudgetDefinition
        {
            ProjectId = context.ProjectId(),
            BudgetId = id,
            Name = body.Name,
            LimitUsd = body.LimitUsd,
            LimitTokens = body.LimitTokens,
            Period = new BudgetPeriod(kind, body.TimeZone ?? "UTC", body.WindowMinutes),
            Scope = body.Scope?.ToScope() ?? BudgetScope.Project,
        };
        return budget.Validate() is { Count: > 0 } problems ? (null, ApiError.BadRequest(string.Join(" ", problems))) : (budget, null);
    }
}
