using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;

namespace Observatory.Web.Network;

/// <summary>
/// <c>Network:TrustedProxies</c>: addresses or CIDR networks of the reverse proxies in front of the service (comma
/// separated). A request that comes from one of them is taken to be from the address its <c>X-Forwarded-For</c> names,
/// so keyless callers get a rate-limit bucket each instead of sharing the proxy's. Unset (the default), the header is
/// ignored: anyone can write it, so it is believed only from proxies the operator named.
/// </summary>
public static class TrustedProxies
{
    public const string ConfigurationKey = "Network:TrustedProxies";

    /// <summary>The forwarded-headers options for the configured proxies, or null when none are configured.</summary>
    public static ForwardedHeadersOptions? From(IConfiguration configuration)
    {
        var entries = (configuration[ConfigurationKey] ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (entries.Length == 0)
        {
            return null;
        }

        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor, ForwardLimit = 1 };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var entry in entries)
        {
            if (System.Net.IPNetwork.TryParse(entry, out var network))
            {
                options.KnownIPNetworks.Add(network);
            }
            else if (IPAddress.TryParse(entry, out var address))
            {
                options.KnownProxies.Add(address);
            }
            else
            {
                throw new InvalidOperationException(
                    $"{ConfigurationKey} holds '{entry}', which is neither an IP address nor a CIDR network (e.g. 10.0.0.0/8).");
            }
        }

        return options;
    }

    /// <summary>Rewrites the caller's address from <c>X-Forwarded-For</c> for requests from a trusted proxy (none configured: nothing).</summary>
    public static IApplicationBuilder UseTrustedProxies(this IApplicationBuilder app, IConfiguration configuration) =>
        From(configuration) is { } options ? app.UseForwardedHeaders(options) : app;
}
