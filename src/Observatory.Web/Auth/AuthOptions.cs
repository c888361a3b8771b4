namespace Observatory.Web.Auth;

/// <summary>
/// Configuration section <c>Auth</c>. <c>Mode=none</c> (the default, for one person on loopback) files everything under
/// project <c>default</c> with full rights; <c>Mode=keys</c> requires an API key on ingest and on the query API.
/// </summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    public string Mode { get; set; } = "none";

    /// <summary>How long a looked-up key (found or not) is trusted before it is read again, so revocation takes effect within this.</summary>
    public TimeSpan KeyCacheDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many known keys a process keeps; beyond it a key is looked up again (memory stays bounded).</summary>
    public int KeyCacheSize { get; set; } = 10_000;

    /// <summary>How many unknown key ids a process remembers, so a repeated wrong key costs no database lookup.</summary>
    public int UnknownKeyCacheSize { get; set; } = 10_000;

    public bool RequiresKeys => Mode switch
    {
        "keys" => true,
        "none" => false,
        _ => throw new InvalidOperationException($"Auth:Mode must be 'none' or 'keys', got '{Mode}'."),
    };
}
