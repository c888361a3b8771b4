using System.Buffers;
using System.Text.RegularExpressions;

namespace Observatory.Core.Redaction.Detectors;

/// <summary>
/// API keys, tokens and private keys, one row per format, most specific first. Each row has a literal pre-check so
/// that text without the vendor's prefix never reaches the regex.
/// </summary>
internal static partial class SecretDetectors
{
    private static readonly SearchValues<string> AssignmentKeywords = SearchValues.Create(
        ["key", "secret", "password", "passwd", "passphrase", "token"], StringComparison.OrdinalIgnoreCase);

    private static readonly SearchValues<char> AssignmentOperators = SearchValues.Create(":=");

    private static readonly SearchValues<string> GitHubPrefixes = SearchValues.Create(
        ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"], StringComparison.Ordinal);

    private static readonly SearchValues<string> AwsPrefixes = SearchValues.Create(
        ["AKIA", "ASIA", "ABIA", "ACCA"], StringComparison.Ordinal);

    private static readonly SearchValues<string> StripePrefixes = SearchValues.Create(
        ["sk_live_", "rk_live_", "sk_test_", "rk_test_"], StringComparison.Ordinal);

    private static readonly SearchValues<string> AuthorizationSchemes = SearchValues.Create(
        ["bearer", "basic"], StringComparison.OrdinalIgnoreCase);

    /// <summary>Values of <c>password=</c> and friends that are placeholders, not secrets.</summary>
    private static readonly HashSet<string> Placeholders = new(StringComparer.OrdinalIgnoreCase)
    {
        "null", "none", "true", "false", "undefined", "string", "required", "optional", "redacted", "your_api_key",
    };

    public static IReadOnlyList<IPiiDetector> All { get; } =
    [
        new RegexDetector("private_key_pem", PiiKind.Secret, TextTraits.SecretHint, PemPrivateKey(), static t => t.Contains("-----BEGIN ", StringComparison.Ordinal)),
        new RegexDetector("jwt", PiiKind.Secret, TextTraits.SecretHint, Jwt(), static t => t.Contains("eyJ", StringComparison.Ordinal), Boundaries.Token),
        new RegexDetector("anthropic_api_key", PiiKind.Secret, TextTraits.SecretHint, AnthropicKey(), static t => t.Contains("sk-ant-", StringComparison.Ordinal), Boundaries.Token),
        new RegexDetector("openai_api_key", PiiKind.Secret, TextTraits.SecretHint, OpenAiKey(), static t => t.Contains("sk-", StringComparison.Ordinal), Boundaries.Token, LooksRandom),
        new RegexDetector("aws_access_key_id", PiiKind.Secret, TextTraits.SecretHint, AwsAccessKeyId(), static t => t.IndexOfAny(AwsPrefixes) >= 0, Boundaries.Alphanumeric),
        new RegexDetector("github_token", PiiKind.Secret, TextTraits.SecretHint, GitHubToken(), static t => t.IndexOfAny(GitHubPrefixes) >= 0, Boundaries.Word),
        new RegexDetector("google_api_key", PiiKind.Secret, TextTraits.SecretHint, GoogleApiKey(), static t => t.Contains("AIza", StringComparison.Ordinal), Boundaries.Token),
        new RegexDetector("slack_token", PiiKind.Secret, TextTraits.SecretHint, SlackToken(), static t => t.Contains("xox", StringComparison.Ordinal), Boundaries.Token),
        new RegexDetector("stripe_key", PiiKind.Secret, TextTraits.SecretHint, StripeKey(), static t => t.IndexOfAny(StripePrefixes) >= 0, Boundaries.Word),
        new RegexDetector(
            "authorization_credentials", PiiKind.Secret, TextTraits.SecretHint, AuthorizationCredentials(), static t => t.IndexOfAny(AuthorizationSchemes) >= 0, Boundaries.Word,
            static v => v.Length >= 12 && LooksRandom(v), valueGroup: "value"),
        new RegexDetector(
            "secret_assignment", PiiKind.Secret, TextTraits.SecretHint, SecretAssignment(),
            static t => t.IndexOfAny(AssignmentOperators) >= 0 && t.IndexOfAny(AssignmentKeywords) >= 0, Boundaries.Alphanumeric,
            static v => !Placeholders.Contains(v.ToString()), valueGroup: "value"),
    ];

    /// <summary>Random keys mix letters and digits; words such as <c>sk-learn-compatible-pipeline</c> do not.</summary>
    private static bool LooksRandom(ReadOnlySpan<char> value) =>
        value.IndexOfAnyInRange('0', '9') >= 0 && (value.IndexOfAnyInRange('a', 'z') >= 0 || value.IndexOfAnyInRange('A', 'Z') >= 0);

    // A truncated block (no END line) is still redacted up to where its base64 body stops.
    [GeneratedRegex(
        @"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----(?:[\s\S]*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----|[A-Za-z0-9+/=\s\\]*)",
        RegexOptions.CultureInvariant)]
    private static partial Regex PemPrivateKey();

    // header.payload.signature, both JSON parts base64url of '{"'; the signature is empty for alg "none".
    [GeneratedRegex(@"eyJ[A-Za-z0-9_\-]{4,}\.eyJ[A-Za-z0-9_\-]{4,}\.[A-Za-z0-9_\-]*", RegexOptions.CultureInvariant)]
    private static partial Regex Jwt();

    [GeneratedRegex(@"sk-ant-[A-Za-z0-9_\-]{20,}", RegexOptions.CultureInvariant)]
    private static partial Regex AnthropicKey();

    // Legacy sk-<48>, project sk-proj-…, service-account sk-svcacct-…, admin sk-admin-….
    [GeneratedRegex(@"sk-[A-Za-z0-9_\-]{20,}", RegexOptions.CultureInvariant)]
    private static partial Regex OpenAiKey();

    [GeneratedRegex(@"(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex AwsAccessKeyId();

    [GeneratedRegex(@"(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})", RegexOptions.CultureInvariant)]
    private static partial Regex GitHubToken();

    [GeneratedRegex(@"AIza[A-Za-z0-9_\-]{35}(?![A-Za-z0-9_\-])", RegexOptions.CultureInvariant)]
    private static partial Regex GoogleApiKey();

    [GeneratedRegex(@"xox[baprs]-[A-Za-z0-9\-]{10,250}", RegexOptions.CultureInvariant)]
    private static partial Regex SlackToken();

    [GeneratedRegex(@"[sr]k_(?:live|test)_[A-Za-z0-9]{16,247}", RegexOptions.CultureInvariant)]
    private static partial Regex StripeKey();

    // "Authorization: Bearer <token>" and "Basic <base64>": only the credentials are redacted, the scheme stays readable.
    [GeneratedRegex(@"(?:[Bb]earer|[Bb]asic|BEARER|BASIC)\s+(?<value>[A-Za-z0-9._~+/\-]+=*)", RegexOptions.CultureInvariant)]
    private static partial Regex AuthorizationCredentials();

    // api_key=…, "password": "…", \"client_secret\":\"…\" (JSON inside JSON), ?access_token=… in URLs. The keyword may
    // follow '_' (client_secret, aws_secret_access_key) but must be followed by the operator: max_tokens is no secret.
    [GeneratedRegex(
        @"(?:api[_\-]?key|secret[_\-]?access[_\-]?key|secret[_\-]?key|client[_\-]?secret|secret|password|passwd|passphrase" +
        @"|private[_\-]?key|(?:access|refresh|auth|id|session|api|bearer|oauth)[_\-]?token)" +
        @"\\?[""']?\s*[:=]\s*\\?[""']?(?<value>[^\s""'\\,;&<>{}\[\]()]{3,512})",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SecretAssignment();
}
