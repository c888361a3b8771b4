using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Observatory.Core.Alerts;

/// <summary>How a webhook's body is shaped.</summary>
public enum WebhookFormat
{
    /// <summary>The alert as JSON: rule, scope, value, threshold, window and links to the API.</summary>
    Json,

    /// <summary>A Slack incoming-webhook body (<c>{"text": …}</c>) that also carries the JSON fields.</summary>
    Slack,
}

/// <summary>A project's webhook: where its alerts' notifications go, and the secret their signature is made with.</summary>
public sealed record WebhookDefinition
{
    public required string ProjectId { get; init; }
    public required string WebhookId { get; init; }
    public required string Name { get; init; }
    public required string Url { get; init; }
    public required string Secret { get; init; }
    public WebhookFormat Format { get; init; } = WebhookFormat.Json;
    public DateTimeOffset CreatedAt { get; init; }

    public const int MaxUrlLength = 2048;
    public const int MinSecretLength = 16;

    public static string NewId() => "whk_" + RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 16);

    public static string NewSecret() => "whsec_" + RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 32);

    /// <summary>What is wrong with this webhook (its address aside: see <see cref="WebhookTargets"/>); empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > AlertRule.MaxNameLength)
        {
            problems.Add($"name must be 1-{AlertRule.MaxNameLength} characters.");
        }

        if (WebhookTargets.ParseUrl(Url) is { Problem: { } problem })
        {
            problems.Add(problem);
        }

        if (Secret.Length < MinSecretLength || Secret.Length > 256)
        {
            problems.Add($"secret must be {MinSecretLength}-256 characters.");
        }

        return problems;
    }
}

/// <summary>Which addresses a webhook may be sent to: public ones, unless the private ones are allowed by a setting.</summary>
public static class WebhookTargets
{
    /// <summary>An absolute http(s) URL without credentials, or the problem with it.</summary>
    public static (Uri? Uri, string? Problem) ParseUrl(string? url)
    {
        if (string.IsNullOrEmpty(url) || url.Length > WebhookDefinition.MaxUrlLength)
        {
            return (null, $"url must be 1-{WebhookDefinition.MaxUrlLength} characters.");
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return (null, $"url must be an absolute http or https URL, not '{url}'.");
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return (null, "url must not carry credentials (user:password@); the signature authenticates the sender.");
        }

        return (uri, null);
    }

    /// <summary>
    /// Why an address is not a public one a webhook may reach (loopback, private, link-local, …), in words for an API
    /// error; null for a public address. IPv4-mapped IPv6 addresses are judged as the IPv4 address they carry.
    /// </summary>
    public static string? NonPublicReason(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return "a loopback address";
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b switch
            {
                [0, ..] => "an unspecified (0.0.0.0/8) address",
                [10, ..] => "a private (10.0.0.0/8) address",
                [172, >= 16 and <= 31, ..] => "a private (172.16.0.0/12) address",
                [192, 168, ..] => "a private (192.168.0.0/16) address",
                [169, 254, ..] => "a link-local (169.254.0.0/16) address",
                [100, >= 64 and <= 127, ..] => "a shared (100.64.0.0/10) address",
                [192, 0, 0, _] => "an IETF protocol (192.0.0.0/24) address",
                [198, 18 or 19, ..] => "a benchmarking (198.18.0.0/15) address",
                [>= 224, ..] => "a multicast or reserved address",
                _ => null,
            };
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.Equals(IPAddress.IPv6None) || address.Equals(IPAddress.IPv6Any))
            {
                return "an unspecified address";
            }

            var b = address.GetAddressBytes();
            if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal)
            {
                return "a link-local address";
            }

            if ((b[0] & 0xfe) == 0xfc)
            {
                return "a private (fc00::/7) address";
            }

            if (address.IsIPv6Multicast)
            {
                return "a multicast address";
            }

            return null;
        }

        return "not an IP address";
    }

    /// <summary>The first address of <paramref name="addresses"/> that is not public, and why; null when all are public.</summary>
    public static string? NonPublicReason(string host, IEnumerable<IPAddress> addresses)
    {
        foreach (var address in addresses)
        {
            if (NonPublicReason(address) is { } reason)
            {
                return $"url's host '{host}' is {reason} ({address}); webhooks go to public addresses only (setting Alerts:AllowPrivateWebhookTargets allows others).";
            }
        }

        return null;
    }
}

/// <summary>The signature of a webhook body: HMAC-SHA256 with the webhook's secret, as <c>sha256=</c> and lowercase hex.</summary>
public static class WebhookSignature
{
    public const string Header = "X-Observatory-Signature";

    public static string Sign(string secret, ReadOnlySpan<byte> body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>True when <paramref name="signature"/> is the body's (compared in constant time).</summary>
    public static bool Verify(string secret, ReadOnlySpan<byte> body, string? signature) =>
        signature is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(secret, body)), Encoding.ASCII.GetBytes(signature));
}
