namespace Observatory.Core.Budgets;

/// <summary>
/// Which of a project's model calls a budget counts: all of them, or those of one service, provider, model, user id,
/// session id and/or one span or resource attribute value, all given fields together. Values compare exactly (case
/// included); a model matches a call's request model or its response model, so <c>gpt-4o</c> matches a call answered
/// by <c>gpt-4o-2024-08-06</c>.
/// </summary>
public sealed record BudgetScope(
    string? Service = null,
    string? Provider = null,
    string? Model = null,
    string? UserId = null,
    string? SessionId = null,
    string? AttributeKey = null,
    string? AttributeValue = null)
{
    /// <summary>Every model call of the project.</summary>
    public static BudgetScope Project { get; } = new();

    /// <summary>The longest value a scope field may have.</summary>
    public const int MaxLength = 256;

    public bool HasAttribute => AttributeKey is not null;

    /// <summary>What is wrong with this scope, in words for an API error; empty when it is valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        foreach (var (name, value) in Fields())
        {
            if (value is not null && (value.Length == 0 || value.Length > MaxLength))
            {
                problems.Add($"scope.{name} must be 1-{MaxLength} characters when given.");
            }
        }

        if ((AttributeKey is null) != (AttributeValue is null))
        {
            problems.Add("scope.attributeKey and scope.attributeValue go together.");
        }

        return problems;
    }

    /// <summary>True when the budget counts this call.</summary>
    public bool Matches(BudgetSpan span) =>
        (Service is null || Service == span.Service)
        && (Provider is null || Provider == span.Provider)
        && (Model is null || Model == span.RequestModel || Model == span.ResponseModel)
        && (UserId is null || UserId == span.UserId)
        && (SessionId is null || SessionId == span.SessionId)
        && (AttributeKey is null || AttributeValue == span.Attribute(AttributeKey));

    /// <summary>
    /// True when a call described by <paramref name="query"/> would be counted: every field this scope sets is given
    /// with the same value (a scope on a field the query leaves out does not apply: the call may not be in it).
    /// </summary>
    public bool AppliesTo(BudgetScope query) =>
        Same(Service, query.Service) && Same(Provider, query.Provider)
        && (Model is null || Model == query.Model) && Same(UserId, query.UserId) && Same(SessionId, query.SessionId)
        && (AttributeKey is null || (AttributeKey == query.AttributeKey && AttributeValue == query.AttributeValue));

    private static bool Same(string? scope, string? query) => scope is null || scope == query;

    private IEnumerable<(string Name, string? Value)> Fields() =>
    [
        ("service", Service), ("provider", Provider), ("model", Model), ("userId", UserId), ("sessionId", SessionId),
        ("attributeKey", AttributeKey), ("attributeValue", AttributeValue),
    ];
}
