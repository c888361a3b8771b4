using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace Observatory.WebUi;

/// <summary>
/// The UI's files, read once from this assembly's resources: bytes, gzip bytes for text, content type and ETag. The
/// <see cref="Version"/> is a hash of every file, so asset URLs change whenever any file does and can be cached for good.
/// </summary>
public sealed class WebUiAssets
{
    private const string ResourcePrefix = "webui/";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
        [".ico"] = "image/x-icon",
        [".json"] = "application/json",
        [".txt"] = "text/plain; charset=utf-8",
        [""] = "text/plain; charset=utf-8", // LICENSE
    };

    private readonly Dictionary<string, WebUiAsset> _files;

    public WebUiAssets()
        : this(typeof(WebUiAssets).Assembly)
    {
    }

    private WebUiAssets(Assembly assembly)
    {
        _files = new Dictionary<string, WebUiAsset>(StringComparer.Ordinal);
        using var versionHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var path = name[ResourcePrefix.Length..].Replace('\\', '/');
            var bytes = buffer.ToArray();
            versionHash.AppendData(Encoding.UTF8.GetBytes(path));
            versionHash.AppendData(bytes);
            _files[path] = WebUiAsset.Create(bytes, ContentTypeOf(path));
        }

        Version = Convert.ToHexString(versionHash.GetHashAndReset())[..12].ToLowerInvariant();
        // The page names the versioned asset folder, so it is built once here and never cached long itself.
        var index = Encoding.UTF8.GetString(_files["index.html"].Bytes).Replace("{{version}}", Version, StringComparison.Ordinal);
        Index = WebUiAsset.Create(Encoding.UTF8.GetBytes(index), ContentTypes[".html"]);
    }

    /// <summary>A short hash of all files: the asset folder's name in URLs.</summary>
    public string Version { get; }

    /// <summary>index.html with the asset version filled in.</summary>
    public WebUiAsset Index { get; }

    public WebUiAsset? Find(string path) => _files.GetValueOrDefault(path);

    private static string ContentTypeOf(string path) =>
        ContentTypes.TryGetValue(Path.GetExtension(path), out var type) ? type : "application/octet-stream";
}

/// <summary>One file of the UI, ready to send.</summary>
public sealed record WebUiAsset(byte[] Bytes, byte[]? Gzip, string ContentType, string ETag)
{
    public static WebUiAsset Create(byte[] bytes, string contentType)
    {
        var etag = "\"" + Convert.ToHexString(SHA256.HashData(bytes))[..16].ToLowerInvariant() + "\"";
        var compressible = contentType.StartsWith("text/", StringComparison.Ordinal) || contentType is "image/svg+xml" or "application/json";
        return new WebUiAsset(bytes, compressible && bytes.Length > 512 ? Compress(bytes) : null, contentType, etag);
    }

    private static byte[] Compress(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }
}
