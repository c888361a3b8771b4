using System.ComponentModel;
using Observatory.Core.Redaction;

namespace Observatory.Gateway.Api.Settings;

/// <summary>
/// The JSON shape of a <c>PUT /api/v1/settings</c> body (every setting at once, as <c>GET</c> shows them), for the
/// OpenAPI document: the endpoint reads the body itself, so a missing <c>captureContent</c> is a 400, never false.
/// </summary>
public sealed record SettingsBody(
    [property: Description("Whether prompts and completions are stored.")]
    bool CaptureContent,
    [property: Description("The PII redaction policy; null or omitted, nothing is redacted.")]
    RedactionSettings? Redaction = null);
