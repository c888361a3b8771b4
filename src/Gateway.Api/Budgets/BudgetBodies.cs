using System.ComponentModel;
using Observatory.Core.Budgets;
using Observatory.Grains.Contracts.Budgets;
using Observatory.Storage.Budgets;

namespace Observatory.Gateway.Api.Budgets;

// Members are nullable so that a missing one reaches the endpoint, which answers a 400 naming it; a default value
// marks a member optional in the OpenAPI schema, no default marks it required.

/// <summary>The body of <c>POST /api/v1/budgets</c> and <c>PUT /api/v1/budgets/{id}</c> (a PUT replaces every field).</summary>
public sealed record BudgetBody(
    [property: Description("A name for people, 1-200 characters.")]
    string? Name,
    [property: Description("day, week or month (calendar periods in timeZone, weeks start on Monday), or rolling (the last windowMinutes minutes).")]
    string? Period,
    [property: Description("The spend limit in USD; give it, limitTokens, or both (the budget is spent when either is reached).")]
    decimal? LimitUsd = null,
    [property: Description("The limit in tokens (input plus output).")]
    long? LimitTokens = null,
    [property: Description("IANA time zone of a calendar period's midnight, e.g. Europe/Paris; default UTC.")]
    string? TimeZone = null,
    [property: Description("Length of a rolling window in minutes (1 to 44640); rolling periods only.")]
    int? WindowMinutes = null,
    [property: Description("Which model calls count; omitted, every model call of the project.")]
    BudgetScopeBody? Scope = null);

/// <summary>A budget's scope: every field given must match (exactly); the model matches a call's request or response model.</summary>
public sealed record BudgetScopeBody(
    [property: Description("Only calls of this service (service.name).")]
    string? Service = null,
    [property: Description("Only calls to this provider (openai, anthropic, …).")]
    string? Provider = null,
    [property: Description("Only calls of this model (request or response model).")]
    string? Model = null,
    [property: Description("Only calls of this user id.")]
    string? UserId = null,
    [property: Description("Only calls of this session id.")]
    string? SessionId = null,
    [property: Description("Only calls whose span (else resource) attribute attributeKey has the text attributeValue.")]
    string? AttributeKey = null,
    [property: Description("The attribute's value, as text (a number as its JSON text).")]
    string? AttributeValue = null)
{
    public BudgetScope ToScope() => new(Service, Provider, Model, UserId, SessionId, AttributeKey, AttributeValue);

    public static BudgetScopeBody From(BudgetScope s) => new(s.Service, s.Provider, s.Model, s.UserId, s.SessionId, s.AttributeKey, s.AttributeValue);
}

/// <summary>A budget as the API shows it.</summary>
public sealed record BudgetDto(
    string Id, string Name, decimal? LimitUsd, long? LimitTokens, string Period, string TimeZone, int? WindowMinutes, BudgetScopeBody Scope,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static BudgetDto From(BudgetDefinition b) => new(
        b.BudgetId, b.Name, b.LimitUsd, b.LimitTokens, BudgetStore.PeriodName(b.Period.Kind), b.Period.TimeZone, b.Period.WindowMinutes,
        BudgetScopeBody.From(b.Scope), b.CreatedAt, b.UpdatedAt);
}

/// <summary>
/// <c>GET /api/v1/budgets/{id}/check</c>: may the caller spend? <c>allowed</c> is false once the period's spend reaches a
/// limit; <c>projected*</c> extrapolate the spend so far to the period's end; <c>periodEnd</c> is null for a rolling window.
/// </summary>
public sealed record BudgetCheckDto(
    string BudgetId, string Name, bool Allowed, decimal SpentUsd, decimal? LimitUsd, decimal? RemainingUsd, decimal ProjectedUsd,
    long SpentTokens, long? LimitTokens, long? RemainingTokens, long ProjectedTokens, DateTimeOffset PeriodStart, DateTimeOffset? PeriodEnd)
{
    public static BudgetCheckDto From(BudgetCheckReply r) => new(
        r.BudgetId, r.Name, r.Allowed, r.SpentUsd, r.LimitUsd, r.RemainingUsd, r.ProjectedUsd, r.SpentTokens, r.LimitTokens, r.RemainingTokens,
        r.ProjectedTokens, r.PeriodStart, r.PeriodEnd);
}

/// <summary><c>GET /api/v1/budgets/check</c>: allowed only when every budget that counts such a call is.</summary>
public sealed record BudgetBulkCheckDto(bool Allowed, IReadOnlyList<BudgetCheckDto> Budgets);
