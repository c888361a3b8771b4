using Microsoft.Extensions.Configuration;

namespace Observatory.Gateway.Api.Live;

/// <summary>The <c>Live</c> section: how the Server-Sent Events endpoints pace and bound each subscriber.</summary>
public sealed record LiveOptions(TimeSpan Heartbeat, int SubscriberBuffer)
{
    public static LiveOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Live");
        return new LiveOptions(
            TimeSpan.FromSeconds(Math.Max(0.1, section.GetValue("HeartbeatSeconds", 15.0))),
            Math.Max(1, section.GetValue("SubscriberBuffer", 64)));
    }
}
