using Observatory.Core.Redaction;

namespace Observatory.Core.Tests.Redaction;

public class PiiDetectionTests
{
    private static readonly PiiRedactor Redactor = new(RedactionPolicy.Default);

    [Fact]
    public void A_support_prompt_has_its_email_phone_card_and_address_masked()
    {
        const string prompt =
            "Customer Jane Roe (jane.roe+billing@example-mail.co.uk, +44 20 7946 0958) says card 4111 1111 1111 1111 " +
            "was charged twice; she connected from 203.0.113.42. Draft a reply.";
        var counts = new RedactionCounts();

        var redacted = Redactor.Redact(prompt, counts);

        Assert.Equal(
            "Customer Jane Roe ([REDACTED:email], [REDACTED:phone]) says card [REDACTED:credit_card] " +
            "was charged twice; she connected from [REDACTED:ip_address]. Draft a reply.",
            redacted);
        Assert.Equal(1, counts[PiiKind.Email]);
        Assert.Equal(1, counts[PiiKind.Phone]);
        Assert.Equal(1, counts[PiiKind.CreditCard]);
        Assert.Equal(1, counts[PiiKind.IpAddress]);
        Assert.Equal(4, counts.Total);
    }

    [Theory]
    [InlineData("mail bob@example.com.", "mail [REDACTED:email].")]
    [InlineData("<Bob.Smith@Mail.Example.ORG>", "<[REDACTED:email]>")]
    [InlineData("{\"to\":\"ops_team-1@corp.example.io\"}", "{\"to\":\"[REDACTED:email]\"}")]
    [InlineData("Contact:\\nalice@example.com", "Contact:\\n[REDACTED:email]")]
    [InlineData("npm i react@18.2.0 and @types/node; user@localhost", "npm i react@18.2.0 and @types/node; user@localhost")]
    public void Email_addresses_are_found_in_prose_json_and_escaped_text(string text, string expected)
    {
        Assert.Equal(expected, Redactor.Redact(text));
    }

    [Theory]
    [InlineData("Call +1 (415) 555-2671 today", "Call [REDACTED:phone] today")]
    [InlineData("Call +14155552671 today", "Call [REDACTED:phone] today")]
    [InlineData("Ruf +49 151 23456789 an", "Ruf [REDACTED:phone] an")]
    [InlineData("Tokyo office +81-3-1234-5678.", "Tokyo office [REDACTED:phone].")]
    [InlineData("US: (415) 555-2671, 415-555-2671, 415.555.2671, 1-800-555-0199",
        "US: [REDACTED:phone], [REDACTED:phone], [REDACTED:phone], [REDACTED:phone]")]
    [InlineData("UK 020 7946 0958, FR 06 12 34 56 78, DE 030 12345678",
        "UK [REDACTED:phone], FR [REDACTED:phone], DE [REDACTED:phone]")]
    [InlineData("Rufen Sie:\\n+33 6 12 34 56 78", "Rufen Sie:\\n[REDACTED:phone]")]
    public void Phone_numbers_are_found_in_international_and_national_formats(string text, string expected)
    {
        Assert.Equal(expected, Redactor.Redact(text));
    }

    [Theory]
    [InlineData("4111111111111111", true)] // Visa test number
    [InlineData("4111 1111 1111 1111", true)]
    [InlineData("5555-5555-5555-4444", true)] // Mastercard
    [InlineData("378282246310005", true)] // Amex, 15 digits
    [InlineData("3782 822463 10005", true)] // Amex grouping 4-6-5
    [InlineData("6011111111111117", true)] // Discover
    [InlineData("4111111111111112", false)] // fails Luhn
    [InlineData("4111 1111 1111 1121", false)] // fails Luhn
    [InlineData("1234567812345670", false)] // passes Luhn, but no card network starts with 1
    [InlineData("41111111111111111111", false)] // 20 digits: too long for a card
    [InlineData("4111 1111-1111 1111", false)] // mixed separators are not how cards are written
    public void Card_numbers_must_pass_the_Luhn_check(string number, bool redacted)
    {
        var text = $"paid with {number} yesterday";

        Assert.Equal(redacted ? "paid with [REDACTED:credit_card] yesterday" : text, Redactor.Redact(text));
    }

    [Theory]
    [InlineData("from 192.168.1.10", "from [REDACTED:ip_address]")]
    [InlineData("edge 255.255.255.255 and 0.0.0.0.", "edge [REDACTED:ip_address] and [REDACTED:ip_address].")]
    [InlineData("host=10.0.0.7:8080", "host=[REDACTED:ip_address]:8080")]
    [InlineData("not 256.1.1.1, 192.168.01.1, 1.2.3, 1.2.3.4.5 or v1.2.3.4", "not 256.1.1.1, 192.168.01.1, 1.2.3, 1.2.3.4.5 or v1.2.3.4")]
    [InlineData("v6 2001:0db8:85a3:0000:0000:8a2e:0370:7334 ok", "v6 [REDACTED:ip_address] ok")]
    [InlineData("compressed 2001:db8::8a2e:370:7334 and fe80::1ff:fe23:4567:890a.", "compressed [REDACTED:ip_address] and [REDACTED:ip_address].")]
    [InlineData("mapped ::ffff:192.0.2.128 here", "mapped [REDACTED:ip_address] here")]
    [InlineData("[2001:db8::1]:443", "[[REDACTED:ip_address]]:443")]
    [InlineData("std::vector<int>, Foo::Bar, 12:30:45, 00:1a:2b:3c:4d:5e, a::b::c", "std::vector<int>, Foo::Bar, 12:30:45, 00:1a:2b:3c:4d:5e, a::b::c")]
    public void Ip_addresses_are_valid_v4_or_v6_and_nothing_else(string text, string expected)
    {
        Assert.Equal(expected, Redactor.Redact(text));
    }

    [Theory]
    [MemberData(nameof(VendorSecrets))]
    public void Secrets_of_every_vendor_format_are_masked(string vendor, string secret)
    {
        var text = $"config for {vendor}: {secret} (rotate monthly)";
        var counts = new RedactionCounts();

        Assert.Equal($"config for {vendor}: [REDACTED:secret] (rotate monthly)", Redactor.Redact(text, counts));
        Assert.Equal(1, counts[PiiKind.Secret]);
    }

    // Assembled from parts so that repository secret scanners do not flag the fixtures; every one is fake.
    public static TheoryData<string, string> VendorSecrets() => new()
    {
        { "openai legacy", "sk-" + "Ab3dEf9hIj2kLm5nOp8qRs1tUv4wXy7zAb0cDe3fGh6iJk7L" },
        { "openai project", "sk-" + "proj-" + "Xy7zAb0cDe3fGh6iJk_Lm5nOp8qRs1tUv4wAb3dEf9hIj2k-Qr8sT" },
        { "anthropic", "sk-" + "ant-api03-" + "Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe9Dc8Ba7_Qw-AA" },
        { "aws", "AKIA" + "IOSFODNN7EXAMPLE" },
        { "aws sts", "ASIA" + "Y34FZKBOKMUTVV7A" },
        { "github classic", "ghp" + "_" + "aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789" },
        { "github oauth", "gho" + "_" + "16C7e42F292c6912E7710c838347Ae178B4a" },
        { "github fine-grained", "github" + "_pat_" + "11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV" },
        { "google", "AIza" + "SyD-1234567890abcdefghijklmnopqrstu" },
        { "slack", "xoxb" + "-1234567890-0987654321-AbCdEfGhIjKlMnOp" },
        { "stripe live", "sk" + "_live_" + "4eC39HqLyjWDarjtT1zdp7dc" },
        { "stripe restricted", "rk" + "_live_" + "51H0aBcDeFgHiJkLmNoPq" },
        { "jwt", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c" },
    };

    [Fact]
    public void A_jwt_in_a_bearer_header_is_one_secret_and_the_scheme_stays_readable()
    {
        const string header =
            "Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLTQyIiwiZXhwIjoxNzE4MDAwMDAwfQ.c2lnbmF0dXJlLWJ5dGVz";
        var counts = new RedactionCounts();

        Assert.Equal("Authorization: Bearer [REDACTED:secret]", Redactor.Redact(header, counts));
        Assert.Equal(1, counts.Total);
    }

    [Fact]
    public void Opaque_bearer_tokens_are_masked_but_prose_about_bearer_tokens_is_not()
    {
        Assert.Equal(
            "curl -H 'Authorization: Bearer [REDACTED:secret]' https://api.example.com",
            Redactor.Redact("curl -H 'Authorization: Bearer 8f14e45fceea167a5a36dedd4bea2543' https://api.example.com"));
        Assert.Equal(
            "Send a Bearer token in the Authorization header.",
            Redactor.Redact("Send a Bearer token in the Authorization header."));
    }

    [Fact]
    public void Private_key_blocks_are_masked_whole_even_when_truncated()
    {
        const string pem = "key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n" +
            "VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK\n-----END RSA PRIVATE KEY-----\nthanks";

        Assert.Equal("key:\n[REDACTED:secret]\nthanks", Redactor.Redact(pem));
        Assert.Equal(
            "{\"content\":\"[REDACTED:secret]…[truncated]\"}",
            Redactor.Redact("{\"content\":\"-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC…[truncated]\"}"));
    }

    [Theory]
    [InlineData("DB_PASSWORD=hunter2!x ./run.sh", "DB_PASSWORD=[REDACTED:secret] ./run.sh")]
    [InlineData("{\"api_key\": \"abc123def456\", \"model\": \"gpt-4o\"}", "{\"api_key\": \"[REDACTED:secret]\", \"model\": \"gpt-4o\"}")]
    [InlineData("{\\\"client_secret\\\":\\\"s3cr3t-Value\\\"}", "{\\\"client_secret\\\":\\\"[REDACTED:secret]\\\"}")]
    [InlineData("GET /cb?code=7&access_token=ya29.a0AfH6SM&state=x", "GET /cb?code=7&access_token=[REDACTED:secret]&state=x")]
    [InlineData("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "aws_secret_access_key = [REDACTED:secret]")]
    [InlineData("password: null, secret: {}", "password: null, secret: {}")]
    [InlineData("{\"max_tokens\": 1024, \"token\": \"Hello\", \"key_points\": 3}", "{\"max_tokens\": 1024, \"token\": \"Hello\", \"key_points\": 3}")]
    public void Values_of_secret_assignments_are_masked_and_their_names_kept(string text, string expected)
    {
        Assert.Equal(expected, Redactor.Redact(text));
    }

    [Fact]
    public void A_realistic_prompt_full_of_numbers_ids_and_versions_is_left_alone()
    {
        const string prompt = """
            You are an SRE assistant. Summarise the incident below in 3 bullet points (max 120 words).
            Incident INC-20240501-0042 opened 2024-05-01T12:30:45.123Z, resolved 2024-05-01 14:02 (UTC+02:00), duration 1h32m.
            Trace 4bf92f3577b34da6a3ce929d0e0e4736, span 00f067aa0ba902b7, request id 550e8400-e29b-41d4-a716-446655440000.
            Start 1714566645123456789 ns, end 1714572120987654321 ns; epoch ms 1714566645123.
            gpt-4o-2024-08-06 used 1534 prompt tokens, 212 completion tokens and 1024 cached tokens (max_tokens=4096, temperature 0.7, top_p 1.0).
            Cost $0.00383, p50 412 ms, p95 1834.5 ms, p99 2,950 ms; 429 errors: 17 of 12,345 requests (0.14%).
            Services: checkout v1.37.0, payments 2.4.1-rc.3, semconv 1.28.0, OTLP on localhost:4317 and :4318.
            Order #4111111111111112 and invoice 20240501000123 were retried 3 times; build 8.0.303; ISBN 978-3-16-148410-0.
            Ticket ids 12345678, 987654321 and 1234-5678; SKU 0451-2233; ratio 16:9; time 10:45:00; chart 2024-05-01..2024-05-07.
            Snowflake id 1541815603606036480; Discord channel 1098765432109876543; seed 20240501.
            """;
        var counts = new RedactionCounts();

        Assert.Same(prompt, Redactor.Redact(prompt, counts));
        Assert.Equal(0, counts.Total);
    }

    [Fact]
    public void A_prompt_with_code_and_markdown_is_left_alone()
    {
        const string prompt = """
            Explain this Rust: `use std::collections::HashMap; let m: HashMap<u32, f64> = HashMap::new();`
            and this C++: `std::vector<int> v{1, 2, 3}; auto it = v.begin();`. Compare with C# `Dictionary<int, double>`.
            Our sk-learn-compatible-pipeline and the token-bucket (key=rate, secret-sauce-free) are in docs/v2.1/README.md.
            """;

        Assert.Same(prompt, Redactor.Redact(prompt));
    }
}
