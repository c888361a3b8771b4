using Observatory.Core.Redaction;

namespace Observatory.Core.Tests.Redaction;

public class RedactionSettingsTests
{
    [Fact]
    public void Stored_json_becomes_a_policy()
    {
        const string json = """
            {
              "enabled": true,
              "modes": { "email": "hash", "phone": "mask", "credit_card": "mask", "ip_address": "off", "secret": "mask", "identity": "hash" },
              "hmacKey": "c2VjcmV0LXByb2plY3Qta2V5LTAxMjM0NTY3",
              "includeDefaultAttributeKeys": true,
              "attributeKeys": [ "app.ticket.body", "app.chat.*" ],
              "wholeValueAttributeKeys": { "app.customer.id": "identity" }
            }
            """;

        var policy = RedactionSettings.Parse(json).ToPolicy();

        Assert.True(policy.Enabled);
        Assert.Equal(RedactionMode.Hash, policy.ModeOf(PiiKind.Email));
        Assert.Equal(RedactionMode.Off, policy.ModeOf(PiiKind.IpAddress));
        Assert.Equal("c2VjcmV0LXByb2plY3Qta2V5LTAxMjM0NTY3", policy.HmacKey);
        Assert.Equal(["app.ticket.body", "app.chat.*"], policy.AttributeKeys);
        Assert.Equal(PiiKind.Identity, policy.WholeValueAttributeKeys["app.customer.id"]);
        Assert.True(new PiiRedactor(policy).ShouldRedactAttribute("app.chat.3.text"));
    }

    [Fact]
    public void An_empty_object_is_the_default_policy_masking_every_kind()
    {
        var policy = RedactionSettings.Parse("{}").ToPolicy();

        Assert.True(policy.Enabled);
        Assert.True(policy.IncludeDefaultAttributeKeys);
        Assert.All(PiiKinds.All, kind => Assert.Equal(RedactionMode.Mask, policy.ModeOf(kind)));
    }

    [Fact]
    public void A_policy_survives_a_round_trip_through_json()
    {
        var policy = new RedactionPolicy
        {
            HmacKey = RedactionPolicy.GenerateHmacKey(),
            Modes = new Dictionary<PiiKind, RedactionMode> { [PiiKind.Email] = RedactionMode.Hash, [PiiKind.Phone] = RedactionMode.Off },
            AttributeKeys = ["app.notes"],
            WholeValueAttributeKeys = new Dictionary<string, PiiKind> { ["user.id"] = PiiKind.Identity },
        };

        var json = RedactionSettings.FromPolicy(policy).ToJson();
        var back = RedactionSettings.Parse(json).ToPolicy();

        Assert.Contains("\"email\":\"hash\"", json);
        Assert.Contains("\"credit_card\":\"mask\"", json);
        Assert.Equal(policy.HmacKey, back.HmacKey);
        Assert.All(PiiKinds.All, kind => Assert.Equal(policy.ModeOf(kind), back.ModeOf(kind)));
        Assert.Equal(policy.AttributeKeys, back.AttributeKeys);
        Assert.Equal(policy.WholeValueAttributeKeys, back.WholeValueAttributeKeys);
        Assert.Equal(
            new PiiRedactor(policy).Redact("mail kim@example.com"),
            new PiiRedactor(back).Redact("mail kim@example.com"));
    }

    [Fact]
    public void Invalid_settings_name_every_problem()
    {
        const string json = """
            { "modes": { "email": "hash", "ssn": "mask", "phone": "scramble" }, "attributeKeys": [ "a.*.b", "" ] }
            """;

        var error = Assert.Throws<FormatException>(() => RedactionSettings.Parse(json).ToPolicy());

        Assert.Contains("unknown kind 'ssn'", error.Message);
        Assert.Contains("unknown mode 'scramble' for phone", error.Message);
        Assert.Contains("hash mode (email) needs an hmacKey", error.Message);
        Assert.Contains("'*' is only allowed at the end", error.Message);
        Assert.Contains("an attribute key pattern is empty", error.Message);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("null")]
    [InlineData("""{ "mode": { "email": "hash" } }""")]
    public void Text_that_is_not_settings_json_is_a_format_error(string json)
    {
        Assert.Throws<FormatException>(() => RedactionSettings.Parse(json));
    }
}
