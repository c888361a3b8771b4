using System.Security.Cryptography;
using System.Text;

namespace Observatory.Core.Projects;

/// <summary>What a key may do: read (viewer), also change settings and prices (developer), also manage keys (admin).</summary>
public enum ApiKeyRole
{
    Viewer = 0,
    Developer = 1,
    Admin = 2,
}

/// <summary>Where a key may be used: the OTLP ingest endpoints, the query API, or both.</summary>
public enum ApiKeyKind
{
    Ingest = 0,
    Query = 1,
    Both = 2,
}

/// <summary>A stored key: only its hash is kept; its id (the public prefix) is shown for recognition.</summary>
public sealed record ApiKeyRecord(
    string KeyId, string ProjectId, byte[] Hash, ApiKeyRole Role, ApiKeyKind Kind, string Name, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    public bool AllowsIngest => Kind is ApiKeyKind.Ingest or ApiKeyKind.Both;
    public bool AllowsQuery => Kind is ApiKeyKind.Query or ApiKeyKind.Both;
    public bool IsRevoked => RevokedAt is not null;
}

/// <summary>
/// Key format <c>obs_&lt;id&gt;_&lt;secret&gt;</c>: 8 id characters (the public prefix <c>obs_&lt;id&gt;</c>) and 32 random
/// secret characters. Keys are random with ~190 bits of entropy, so a plain SHA-256 stores them safely (no slow hash needed).
/// </summary>
public static class ApiKeys
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /// <summary>A new key: the secret to show once, and its public id.</summary>
    public static (string Secret, string KeyId) Generate()
    {
        var id = RandomNumberGenerator.GetString(Alphabet, 8);
        var secret = RandomNumberGenerator.GetString(Alphabet, 32);
        return ($"obs_{id}_{secret}", $"obs_{id}");
    }

    /// <summary>The public id of a presented key, or null when it is not shaped like one of ours.</summary>
    public static string? TryGetKeyId(string presented)
    {
        if (presented.Length != 4 + 8 + 1 + 32 || !presented.StartsWith("obs_", StringComparison.Ordinal) || presented[12] != '_')
        {
            return null;
        }

        return presented.AsSpan(4, 8).ContainsAnyExcept(Alphabet) || presented.AsSpan(13).ContainsAnyExcept(Alphabet) ? null : presented[..12];
    }

    public static byte[] Hash(string presented) => SHA256.HashData(Encoding.UTF8.GetBytes(presented));

    /// <summary>True when the presented key matches the stored hash (compared in constant time).</summary>
    public static bool Matches(string presented, ApiKeyRecord record) =>
        CryptographicOperations.FixedTimeEquals(Hash(presented), record.Hash);
}

/// <summary>Finds stored keys by their public id; implemented over PostgreSQL, cached by the caller.</summary>
public interface IApiKeyLookup
{
    Task<ApiKeyRecord?> FindAsync(string keyId, CancellationToken cancellationToken);
}
