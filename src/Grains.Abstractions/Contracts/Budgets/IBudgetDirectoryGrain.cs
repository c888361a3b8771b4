using Observatory.Core.Budgets;

namespace Observatory.Grains.Contracts.Budgets;

/// <summary>
/// A project's budgets (key: project id): the single writer of its rows in <c>budgets</c>, the router of the project's
/// stored model calls to the budgets whose scope selects them, and the bulk check. Routing and changes take turns, so a
/// batch is matched against the budgets as they were when it arrived (see BudgetDirectoryGrain).
/// </summary>
[Alias("observatory.IBudgetDirectoryGrain")]
public interface IBudgetDirectoryGrain : IGrainWithStringKey
{
    /// <summary>The project's budgets and a version that changes whenever any of them does.</summary>
    [Alias("List"), AlwaysInterleave]
    Task<BudgetList> List();

    /// <summary>Creates or replaces a budget (validated by the caller); null when replacing one that does not exist.</summary>
    [Alias("Save")]
    Task<BudgetDefinition?> Save(BudgetDefinition budget, bool create);

    [Alias("Delete")]
    Task<bool> Delete(string budgetId);

    /// <summary>Model calls ingest stored (each told once, after its COMMIT): handed on to the budgets that count them.</summary>
    [Alias("Route")]
    Task Route(Immutable<BudgetCall[]> calls);

    /// <summary>Checks every budget that would count a call described by <paramref name="call"/>.</summary>
    [Alias("CheckMatching"), AlwaysInterleave]
    Task<BudgetCheckReply[]> CheckMatching(BudgetScope call);

    /// <summary>Makes every budget read its spend again (stored costs changed: a re-cost).</summary>
    [Alias("ReconcileAll")]
    Task ReconcileAll();
}

/// <summary>A project's budgets at one version.</summary>
[GenerateSerializer, Immutable, Alias("observatory.BudgetList")]
public sealed record BudgetList([property: Id(0)] long Version, [property: Id(1)] BudgetDefinition[] Budgets);

/// <summary>A stored model call, as budgets match and count it (the wire form of <see cref="BudgetSpan"/>).</summary>
[GenerateSerializer, Immutable, Alias("observatory.BudgetCall")]
public sealed record BudgetCall(
    [property: Id(0)] string TraceId,
    [property: Id(1)] string SpanId,
    [property: Id(2)] string Service,
    [property: Id(3)] string? Provider,
    [property: Id(4)] string? RequestModel,
    [property: Id(5)] string? ResponseModel,
    [property: Id(6)] string? UserId,
    [property: Id(7)] string? SessionId,
    [property: Id(8)] long StartUnixNano,
    [property: Id(9)] decimal CostUsd,
    [property: Id(10)] long Tokens,
    [property: Id(11)] string AttributesJson,
    [property: Id(12)] string ResourceAttributesJson)
{
    public static BudgetCall From(BudgetSpan s) => new(
        s.TraceId, s.SpanId, s.Service, s.Provider, s.RequestModel, s.ResponseModel, s.UserId, s.SessionId, s.StartUnixNano, s.CostUsd, s.Tokens,
        s.AttributesJson, s.ResourceAttributesJson);

    public BudgetSpan ToSpan() => new()
    {
        TraceId = TraceId,
        SpanId = SpanId,
        Service = Service,
        Provider = Provider,
        RequestModel = RequestModel,
        ResponseModel = ResponseModel,
        UserId = UserId,
        SessionId = SessionId,
        StartUnixNano = StartUnixNano,
        CostUsd = CostUsd,
        Tokens = Tokens,
        AttributesJson = AttributesJson,
        ResourceAttributesJson = ResourceAttributesJson,
    };

    public BudgetIncrement ToIncrement() => new(TraceId, SpanId, StartUnixNano, CostUsd, Tokens);
}
