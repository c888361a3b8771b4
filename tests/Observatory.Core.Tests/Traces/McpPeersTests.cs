using Observatory.Core.Spans;
using Observatory.Core.Traces;

namespace Observatory.Core.Tests.Traces;

/// <summary>Client and server spans of one MCP request recognised in a trace (McpPeers).</summary>
public class McpPeersTests
{
    private const string Session = "191c4850af6c49e08843a3f6c80e5046";

    [Fact]
    public void AServerSpanUnderItsClientSpanIsItsPeer()
    {
        var peers = McpPeers.Pair([
            new("client", null, SpanKind.Client, "tools/call", Session, "1"),
            new("server", "client", SpanKind.Server, "tools/call", Session, "1"),
        ]);

        Assert.Equal("server", peers["client"]);
        Assert.Equal("client", peers["server"]);
    }

    [Fact]
    public void WithoutPropagationTheRequestIdAndSessionPairThem()
    {
        var peers = McpPeers.Pair([
            new("c1", null, SpanKind.Client, "tools/call", Session, "1"),
            new("c2", null, SpanKind.Client, "tools/call", Session, "2"),
            new("c3", null, SpanKind.Client, "tools/call", "other-session", "2"),
            new("s2", null, SpanKind.Server, "tools/call", Session, "2"),
            new("s1", null, SpanKind.Server, "tools/call", Session, "1"),
        ]);

        Assert.Equal(("s1", "s2"), (peers["c1"], peers["c2"]));
        Assert.False(peers.ContainsKey("c3"));
    }

    [Fact]
    public void AnAmbiguousRequestIdIsNotPaired()
    {
        // Ids restart per session: without session ids two clients with id 1 cannot be told apart.
        var peers = McpPeers.Pair([
            new("c1", null, SpanKind.Client, "tools/call", null, "1"),
            new("c2", null, SpanKind.Client, "tools/call", null, "1"),
            new("s", null, SpanKind.Server, "tools/call", null, "1"),
        ]);

        Assert.Empty(peers);
    }

    [Fact]
    public void DifferentMethodsNeverPair()
    {
        var peers = McpPeers.Pair([
            new("c", null, SpanKind.Client, "resources/read", Session, "5"),
            new("s", "c", SpanKind.Server, "tools/call", Session, "5"),
        ]);

        Assert.Empty(peers);
    }
}
