namespace Observatory.Core.Redaction;

/// <summary>The kinds of personal or secret data the redactor recognises; each kind has its own mode in a policy.</summary>
public enum PiiKind
{
    Email,
    Phone,
    CreditCard,

    /// <summary>IPv4 and IPv6 addresses.</summary>
    IpAddress,

    /// <summary>API keys, tokens, passwords and private keys.</summary>
    Secret,

    /// <summary>A value that identifies a person (end-user id, name); never detected in free text, only redacted whole by attribute key.</summary>
    Identity,
}

/// <summary>The stable lower-case names of <see cref="PiiKind"/> used in markers, hashes and stored policies.</summary>
public static class PiiKinds
{
    /// <summary>Every kind, in declaration order.</summary>
    public static IReadOnlyList<PiiKind> All { get; } = Enum.GetValues<PiiKind>();

    public static string Name(this PiiKind kind) => kind switch
    {
        PiiKind.Email => "email",
        PiiKind.Phone => "phone",
        PiiKind.CreditCard => "credit_card",
        PiiKind.IpAddress => "ip_address",
        PiiKind.Secret => "secret",
        PiiKind.Identity => "identity",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown PII kind."),
    };

    public static bool TryParse(string? name, out PiiKind kind)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Name(), name, StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }
}
