using Microsoft.AspNetCore.Routing.Matching;

namespace Observatory.Gateway.Otlp.Hosting;

/// <summary>Endpoint metadata: serve this endpoint only on connections accepted on <see cref="Port"/>.</summary>
public sealed record LocalPortMetadata(int Port);

/// <summary>
/// Routes by the port the connection arrived on, not by the Host header: behind docker port mapping or a proxy the
/// Host header carries the outside port, while the listener port is what tells OTLP traffic from the API's.
/// </summary>
internal sealed class LocalPortMatcherPolicy : MatcherPolicy, IEndpointSelectorPolicy
{
    // Before HTTP method and host matching, so a request on another port gets a plain 404.
    public override int Order => -1000;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints)
    {
        foreach (var endpoint in endpoints)
        {
            if (endpoint.Metadata.GetMetadata<LocalPortMetadata>() is not null)
            {
                return true;
            }
        }

        return false;
    }

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        var localPort = httpContext.Connection.LocalPort;
        for (var i = 0; i < candidates.Count; i++)
        {
            if (candidates.IsValidCandidate(i) && candidates[i].Endpoint.Metadata.GetMetadata<LocalPortMetadata>() is { } required && required.Port != localPort)
            {
                candidates.SetValidity(i, false);
            }
        }

        return Task.CompletedTask;
    }
}
