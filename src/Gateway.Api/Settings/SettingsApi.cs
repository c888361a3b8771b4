using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Observatory.Core.Ingest;
using Observatory.Core.Projects;
using Observatory.Core.Redaction;
using Observatory.Gateway.Api.Hosting;
using Observatory.Gateway.Api.OpenApi;
using Observatory.Grains.Contracts;
using Observatory.Web;
using Observatory.Web.Auth;

namespace Observatory.Gateway.Api.Settings;

/// <summary>Per-project ingest settings: content capture on or off, and the PII redaction policy.</summary>
public static class SettingsApi
{
    public static RouteGroupBuilder MapSettingsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/settings", GetSettings);
        // The body is read by hand (a missing captureContent is an error, not false); AcceptsJsonBody describes it.
        api.MapPut("/settings", PutSettings).AcceptsJsonBody<SettingsBody>().RequireRole(ApiKeyRole.Developer);
        return api;
    }

    private static async Task<IResult> GetSettings(HttpContext context, IGrainFactory grains) =>
        Results.Ok(SettingsDto.From(await grains.GetGrain<IProjectPolicyGrain>(context.ProjectId()).GetSnapshot()));

    private static async Task<IResult> PutSettings(HttpRequest request, IGrainFactory grains, IProjectPolicySource policies)
    {
        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(request.Body);
        }
        catch (JsonException ex)
        {
            return ApiError.BadRequest("The body is not JSON: " + ex.Message);
        }

        if (body is not JsonObject settings || settings["captureContent"] is not JsonValue capture || !capture.TryGetValue(out bool captureContent))
        {
            return ApiError.BadRequest("The body must be {\"captureContent\": true|false, \"redaction\": {...} | null}.");
        }

        string? redaction = null;
        if (settings["redaction"] is JsonObject policy)
        {
            try
            {
                // Parse to validate (names every problem) and to store the canonical form.
                redaction = RedactionSettings.Parse(policy.ToJsonString()).ToJson();
            }
            catch (FormatException ex)
            {
                return ApiError.BadRequest("'redaction' is not a redaction policy: " + ex.Message);
            }
        }

        var project = request.HttpContext.ProjectId();
        var snapshot = await grains.GetGrain<IProjectPolicyGrain>(project).PutSettings(captureContent, redaction);
        policies.Invalidate(project);
        return Results.Ok(SettingsDto.From(snapshot));
    }
}

/// <summary>Settings as the API shows them; the redaction policy's HMAC key is never returned.</summary>
public sealed record SettingsDto(bool CaptureContent, JsonNode? Redaction)
{
    public static SettingsDto From(ProjectPolicySnapshot snapshot)
    {
        var redaction = snapshot.RedactionJson is { } json ? JsonNode.Parse(json) : null;
        if (redaction is JsonObject policy && policy.ContainsKey("hmacKey"))
        {
            policy["hmacKey"] = "(set)";
        }

        return new SettingsDto(snapshot.CaptureContent, redaction);
    }
}
