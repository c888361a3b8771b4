using System.Security.Cryptography;
using System.Text;
using Observatory.Core.Redaction;

namespace Observatory.Core.Tests.Redaction;

public class RedactionModeTests
{
    private const string ProjectKey = "project-a-8c1f0e7d2b9a4c65";
    private const string OtherProjectKey = "project-b-1d2e3f4a5b6c7d8e";

    private static PiiRedactor HashEverything(string key) => new(new RedactionPolicy
    {
        HmacKey = key,
        Modes = PiiKinds.All.ToDictionary(kind => kind, _ => RedactionMode.Hash),
    });

    [Fact]
    public void Hash_mode_writes_the_first_16_hex_digits_of_the_keyed_hmac()
    {
        var expected = Convert.ToHexStringLower(
            HMACSHA256.HashData(Encoding.UTF8.GetBytes(ProjectKey), Encoding.UTF8.GetBytes("jane.roe@example.com")))[..16];

        Assert.Equal($"reply to [email:hmac:{expected}] now", HashEverything(ProjectKey).Redact("reply to jane.roe@example.com now"));
    }

    [Fact]
    public void A_key_longer_than_the_hmac_block_is_hashed_first_as_rfc_2104_says()
    {
        var longKey = string.Concat(Enumerable.Repeat("k3y-", 30));
        var expected = Convert.ToHexStringLower(
            HMACSHA256.HashData(Encoding.UTF8.GetBytes(longKey), Encoding.UTF8.GetBytes("+14155552671")))[..16];

        Assert.Equal($"[phone:hmac:{expected}]", HashEverything(longKey).Redact("+1 415-555-2671"));
    }

    [Fact]
    public void Hash_mode_is_deterministic_per_key_and_differs_across_keys()
    {
        const string text = "card 4111 1111 1111 1111, phone +1 (415) 555-2671, from 198.51.100.7";

        var first = HashEverything(ProjectKey).Redact(text);
        var again = new PiiRedactor(HashEverything(ProjectKey).Policy).Redact(text);
        var otherProject = HashEverything(OtherProjectKey).Redact(text);

        Assert.Equal(first, again);
        Assert.NotEqual(first, otherProject);
        Assert.Matches(@"^card \[credit_card:hmac:[0-9a-f]{16}\], phone \[phone:hmac:[0-9a-f]{16}\], from \[ip_address:hmac:[0-9a-f]{16}\]$", first);
    }

    [Fact]
    public void Equal_values_written_differently_stay_joinable()
    {
        var redactor = HashEverything(ProjectKey);

        Assert.Equal(redactor.Redact("Bob@Example.COM"), redactor.Redact("bob@example.com"));
        Assert.Equal(redactor.Redact("4111-1111-1111-1111"), redactor.Redact("4111111111111111"));
        Assert.Equal(redactor.Redact("2001:DB8:0:0:0:0:0:1"), redactor.Redact("2001:db8::1"));
        Assert.NotEqual(redactor.Redact("bob@example.com"), redactor.Redact("alice@example.com"));
    }

    [Fact]
    public void The_same_email_in_text_and_in_a_user_email_attribute_hashes_the_same()
    {
        var redactor = HashEverything(ProjectKey);

        var attributes = redactor.RedactAttributes([new("user.email", "Jane.Roe@example.com")]);

        Assert.Equal(redactor.Redact("jane.roe@example.com"), attributes[0].Value);
    }

    [Fact]
    public void Modes_are_chosen_per_kind_and_off_leaves_a_kind_alone()
    {
        var redactor = new PiiRedactor(new RedactionPolicy
        {
            HmacKey = ProjectKey,
            Modes = new Dictionary<PiiKind, RedactionMode>
            {
                [PiiKind.Email] = RedactionMode.Hash,
                [PiiKind.IpAddress] = RedactionMode.Off,
            },
        });

        var redacted = redactor.Redact("ops@example.com from 10.1.2.3 with sk_live_4eC39HqLyjWDarjtT1zdp7dc");

        Assert.Matches(@"^\[email:hmac:[0-9a-f]{16}\] from 10\.1\.2\.3 with \[REDACTED:secret\]$", redacted);
    }

    [Fact]
    public void A_disabled_policy_changes_nothing()
    {
        var redactor = new PiiRedactor(RedactionPolicy.Disabled);
        IReadOnlyList<KeyValuePair<string, object?>> attributes = [new("input.value", "mail bob@example.com")];

        Assert.Equal("mail bob@example.com", redactor.Redact("mail bob@example.com"));
        Assert.Same(attributes, redactor.RedactAttributes(attributes));
        Assert.False(redactor.ShouldRedactAttribute("input.value"));
    }

    [Theory]
    [InlineData(RedactionMode.Mask)]
    [InlineData(RedactionMode.Hash)]
    public void Redacting_redacted_text_changes_nothing(RedactionMode mode)
    {
        var redactor = new PiiRedactor(new RedactionPolicy
        {
            HmacKey = ProjectKey,
            Modes = PiiKinds.All.ToDictionary(kind => kind, _ => mode),
        });
        const string text =
            "From jane@example.com (+44 20 7946 0958, 203.0.113.42, fe80::1ff:fe23:4567:890a), card 5555-5555-5555-4444, " +
            "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abcDEF123_-x, password=hunter2!x, " +
            "{\"api_key\":\"sk-proj-Xy7zAb0cDe3fGh6iJk_Lm5nOp8qRs1tUv4w\"}";

        var once = redactor.Redact(text);
        var counts = new RedactionCounts();
        var twice = redactor.Redact(once, counts);

        Assert.Same(once, twice);
        Assert.Equal(0, counts.Total);
        Assert.DoesNotContain("jane@", once);
        Assert.DoesNotContain("hunter2", once);
        Assert.DoesNotContain("eyJ", once);
    }

    [Fact]
    public void A_hash_marker_whose_hex_digits_look_like_a_card_is_not_redacted_again()
    {
        // 16 decimal digits that pass Luhn, shaped as a hash marker: it must stay a marker.
        const string marker = "see [email:hmac:4111111111111111] above";

        Assert.Same(marker, new PiiRedactor(RedactionPolicy.Default).Redact(marker));
    }

    [Fact]
    public void Hash_mode_without_a_key_is_refused_with_a_clear_message()
    {
        var policy = new RedactionPolicy { Modes = new Dictionary<PiiKind, RedactionMode> { [PiiKind.Email] = RedactionMode.Hash } };

        var error = Assert.Throws<ArgumentException>(() => new PiiRedactor(policy));

        Assert.Contains("hash mode (email) needs an hmacKey of at least 16 characters", error.Message);
    }

    [Fact]
    public void A_generated_key_is_long_enough_and_unique()
    {
        var key = RedactionPolicy.GenerateHmacKey();

        Assert.True(key.Length >= RedactionPolicy.MinimumHmacKeyLength);
        Assert.NotEqual(key, RedactionPolicy.GenerateHmacKey());
    }
}
