using System.Net;
using System.Text;
using System.Text.Json;
using Observatory.Core.Alerts;
using Observatory.Core.Budgets;

namespace Observatory.Core.Tests.Alerts;

public class WebhookTests
{
    [Theory]
    [InlineData("127.0.0.1", "a loopback address")]
    [InlineData("::1", "a loopback address")]
    [InlineData("::ffff:127.0.0.1", "a loopback address")]
    [InlineData("10.1.2.3", "a private (10.0.0.0/8) address")]
    [InlineData("172.16.0.1", "a private (172.16.0.0/12) address")]
    [InlineData("172.31.255.255", "a private (172.16.0.0/12) address")]
    [InlineData("192.168.1.1", "a private (192.168.0.0/16) address")]
    [InlineData("169.254.169.254", "a link-local (169.254.0.0/16) address")]
    [InlineData("100.64.0.1", "a shared (100.64.0.0/10) address")]
    [InlineData("0.0.0.0", "an unspecified (0.0.0.0/8) address")]
    [InlineData("224.0.0.1", "a multicast or reserved address")]
    [InlineData("fe80::1", "a link-local address")]
    [InlineData("fd00::1", "a private (fc00::/7) address")]
    [InlineData("::", "an unspecified address")]
    public void Non_public_addresses_are_named(string address, string reason) =>
        Assert.Equal(reason, WebhookTargets.NonPublicReason(IPAddress.Parse(address)));

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:4700::1111")]
    public void Public_addresses_pass(string address) => Assert.Null(WebhookTargets.NonPublicReason(IPAddress.Parse(address)));

    [Fact]
    public void The_refusal_names_the_host_the_address_and_the_setting()
    {
        var reason = WebhookTargets.NonPublicReason("hooks.internal", [IPAddress.Parse("8.8.8.8"), IPAddress.Parse("10.0.0.5")]);
        Assert.Equal(
            "url's host 'hooks.internal' is a private (10.0.0.0/8) address (10.0.0.5); webhooks go to public addresses only " +
            "(setting Alerts:AllowPrivateWebhookTargets allows others).", reason);
    }

    [Theory]
    [InlineData("ftp://example.com/x", "url must be an absolute http or https URL, not 'ftp://example.com/x'.")]
    [InlineData("/relative", "url must be an absolute http or https URL, not '/relative'.")]
    [InlineData("https://user:pw@example.com/", "url must not carry credentials (user:password@); the signature authenticates the sender.")]
    public void Bad_urls_say_why(string url, string problem) => Assert.Equal(problem, WebhookTargets.ParseUrl(url).Problem);

    [Fact]
    public void The_signature_is_hmac_sha256_of_the_body_in_lowercase_hex_and_verifies_only_the_same_body()
    {
        var body = Encoding.UTF8.GetBytes("{\"event\":\"firing\"}");
        // RFC 4231-style check against .NET's own HMAC, computed independently.
        using var hmac = new System.Security.Cryptography.HMACSHA256(Encoding.UTF8.GetBytes("whsec_test_secret_123"));
        var expected = "sha256=" + Convert.ToHexString(hmac.ComputeHash(body)).ToLowerInvariant();

        Assert.Equal(expected, WebhookSignature.Sign("whsec_test_secret_123", body));
        Assert.True(WebhookSignature.Verify("whsec_test_secret_123", body, expected));
        Assert.False(WebhookSignature.Verify("another_secret_4567", body, expected));
        Assert.False(WebhookSignature.Verify("whsec_test_secret_123", Encoding.UTF8.GetBytes("{\"event\":\"resolved\"}"), expected));
        Assert.False(WebhookSignature.Verify("whsec_test_secret_123", body, null));
    }

    [Fact]
    public void A_notification_carries_rule_scope_value_threshold_window_and_links_and_slack_adds_a_text_line()
    {
        var rule = new AlertRule
        {
            ProjectId = "default",
            AlertId = "alr_1",
            Name = "Errors",
            Metric = AlertMetric.ErrorRate,
            Threshold = 50,
            WindowMinutes = 1,
            Scope = new BudgetScope(Service: "checkout"),
        };
        var state = new AlertState(AlertStatus.Firing, new DateTimeOffset(2026, 6, 9, 12, 0, 0, TimeSpan.Zero), 66.5, 3);

        using var json = JsonDocument.Parse(AlertNotification.Build(rule, AlertEvent.Fired, state, WebhookFormat.Json, "https://obs.example.com/"));
        var root = json.RootElement;
        Assert.False(root.TryGetProperty("text", out _));
        Assert.Equal("firing", root.GetProperty("event").GetString());
        Assert.Equal("alr_1", root.GetProperty("rule").GetProperty("id").GetString());
        Assert.Equal("error_rate", root.GetProperty("rule").GetProperty("metric").GetString());
        Assert.Equal("checkout", root.GetProperty("scope").GetProperty("service").GetString());
        Assert.Equal(66.5, root.GetProperty("value").GetDouble());
        Assert.Equal(50, root.GetProperty("threshold").GetDouble());
        Assert.Equal("last 1 min", root.GetProperty("window").GetString());
        Assert.Equal(3, root.GetProperty("firing").GetInt64());
        Assert.Equal("https://obs.example.com/api/v1/alerts/alr_1", root.GetProperty("links").GetProperty("alert").GetString());
        Assert.Equal("https://obs.example.com/api/v1/alerts/alr_1/deliveries", root.GetProperty("links").GetProperty("deliveries").GetString());

        using var slack = JsonDocument.Parse(AlertNotification.Build(rule, AlertEvent.Resolved, state, WebhookFormat.Slack, null));
        Assert.Equal("[RESOLVED] Errors: error_rate = 66.5 (threshold 50, last 1 min, project default)", slack.RootElement.GetProperty("text").GetString());
        Assert.Equal("/api/v1/alerts/alr_1", slack.RootElement.GetProperty("links").GetProperty("alert").GetString());
    }
}
