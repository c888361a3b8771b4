using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Observatory.Core.Ingest;
using Observatory.Core.Pricing;
using Observatory.Core.Projects;
using Observatory.Gateway.Api.Hosting;
using Observatory.Gateway.Api.OpenApi;
using Observatory.Grains.Contracts;
using Observatory.Web;
using Observatory.Web.Auth;

namespace Observatory.Gateway.Api.Pricing;

/// <summary>The project's own prices (they win over the built-in catalog from their effective date) and re-costing.</summary>
public static class PricingApi
{
    public static RouteGroupBuilder MapPricingApi(this RouteGroupBuilder api)
    {
        api.MapGet("/pricing", ListPrices);
        // Bodies are read by hand (a malformed one gets a 400 that says what is wrong); AcceptsJsonBody describes them.
        api.MapPut("/pricing/{provider}/{model}", PutPrice).AcceptsJsonBody<PriceBody>().RequireRole(ApiKeyRole.Developer);
        api.MapPost("/pricing/recost", Recost).AcceptsJsonBody<RecostBody>().RequireRole(ApiKeyRole.Developer);
        return api;
    }

    private static async Task<IResult> ListPrices(HttpContext context, IGrainFactory grains)
    {
        var snapshot = await grains.GetGrain<IProjectPolicyGrain>(context.ProjectId()).GetSnapshot();
        var catalog = PriceCatalog.Default;
        return Results.Ok(new PriceListDto(snapshot.Prices, catalog.Version, catalog.Updated, catalog.Prices));
    }

    private static async Task<IResult> PutPrice(string provider, string model, HttpRequest request, IGrainFactory grains, IProjectPolicySource policies)
    {
        PriceBody? body;
        try
        {
            body = await request.ReadFromJsonAsync<PriceBody>(JsonSerializerOptions.Web);
        }
        catch (JsonException ex)
        {
            return ApiError.BadRequest("The body is not a price: " + ex.Message);
        }

        if (body?.Rates is null)
        {
            return ApiError.BadRequest("The body must be {\"rates\":{\"inputPerMillion\":..,\"outputPerMillion\":..}, \"effectiveFrom\":..}.");
        }

        var price = new CustomPrice(provider, model, body.Rates, body.EffectiveFrom) { Tiers = body.Tiers ?? [], Note = body.Note };
        if (price.Validate() is { Count: > 0 } problems)
        {
            return ApiError.BadRequest(string.Join(" ", problems));
        }

        var project = request.HttpContext.ProjectId();
        await grains.GetGrain<IProjectPolicyGrain>(project).PutPrice(price);
        policies.Invalidate(project);
        return Results.Ok(price);
    }

    private static async Task<IResult> Recost(HttpRequest request, IGrainFactory grains)
    {
        RecostBody? body;
        try
        {
            body = await request.ReadFromJsonAsync<RecostBody>(JsonSerializerOptions.Web);
        }
        catch (JsonException ex)
        {
            return ApiError.BadRequest("The body is not a re-cost request: " + ex.Message);
        }

        if (body is null || string.IsNullOrWhiteSpace(body.Model) || body.From is null || body.To is null)
        {
            return ApiError.BadRequest("The body must name 'model', 'from' and 'to' (ISO-8601), and may name 'provider'.");
        }

        if (body.From >= body.To)
        {
            return ApiError.BadRequest("'from' must be before 'to'.");
        }

        var reply = await grains.GetGrain<IRecostGrain>(0)
            .Recost(request.HttpContext.ProjectId(), body.Provider, body.Model, body.From.Value.UtcDateTime, body.To.Value.UtcDateTime);
        return Results.Ok(reply);
    }
}

/// <summary><c>GET /api/v1/pricing</c>: the project's own prices and the built-in catalog they override.</summary>
public sealed record PriceListDto(IReadOnlyList<CustomPrice> Custom, string? CatalogVersion, DateOnly? CatalogUpdated, IReadOnlyList<ModelPrice> BuiltIn);
