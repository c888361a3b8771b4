using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Observatory.Core.Projects;
using Observatory.Web.Telemetry;

namespace Observatory.Web.Auth;

/// <summary>
/// Stored keys by id, read through to PostgreSQL and remembered for <see cref="AuthOptions.KeyCacheDuration"/>: found
/// keys and unknown ids in two caches of bounded size, so a flood of random keys can neither grow memory nor, once an id
/// is known to be absent, cost another lookup. A full cache admits nothing new (the key is simply looked up again).
/// </summary>
public sealed class ApiKeyCache : IDisposable
{
    private readonly IApiKeyLookup _lookup;
    private readonly TimeSpan _lifetime;
    private readonly MemoryCache _found;
    private readonly MemoryCache _unknown;
    private long _lookups;

    public ApiKeyCache(IApiKeyLookup lookup, IOptions<AuthOptions> options)
    {
        _lookup = lookup;
        _lifetime = options.Value.KeyCacheDuration;
        _found = new MemoryCache(new MemoryCacheOptions { SizeLimit = Math.Max(1, options.Value.KeyCacheSize) });
        _unknown = new MemoryCache(new MemoryCacheOptions { SizeLimit = Math.Max(1, options.Value.UnknownKeyCacheSize) });
    }

    /// <summary>Database lookups made so far (each cache miss is one).</summary>
    public long Lookups => Interlocked.Read(ref _lookups);

    /// <summary>Entries held: found keys plus unknown ids; never more than the two sizes together.</summary>
    public long Count => _found.Count + _unknown.Count;

    /// <summary>What the cache knows of <paramref name="keyId"/> without asking the database.</summary>
    public CachedKey Peek(string keyId) =>
        _found.TryGetValue(keyId, out ApiKeyRecord? record) ? new CachedKey(true, record)
        : _unknown.TryGetValue(keyId, out _) ? new CachedKey(true, null)
        : new CachedKey(false, null);

    /// <summary>Reads the key from the database and remembers the answer, found or not.</summary>
    public async Task<ApiKeyRecord?> LookUpAsync(string keyId, CancellationToken ct)
    {
        Interlocked.Increment(ref _lookups);
        ObservatoryMetrics.KeyLookups.Add(1);
        var record = await _lookup.FindAsync(keyId, ct);
        if (_lifetime > TimeSpan.Zero)
        {
            var entry = new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = _lifetime, Size = 1 };
            if (record is null)
            {
                _unknown.Set(keyId, true, entry);
            }
            else
            {
                _found.Set(keyId, record, entry);
            }
        }

        return record;
    }

    public void Dispose()
    {
        _found.Dispose();
        _unknown.Dispose();
    }
}

/// <summary>A cache answer: <see cref="Known"/> says whether the cache knew the id; <see cref="Record"/> is null for an unknown key.</summary>
public readonly record struct CachedKey(bool Known, ApiKeyRecord? Record);
