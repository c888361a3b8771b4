using Observatory.Core.Spans;

namespace Observatory.Core.Traces;

/// <summary>One MCP request span as <see cref="McpPeers"/> sees it.</summary>
public readonly record struct McpRequestSpan(
    string SpanId, string? ParentSpanId, SpanKind Kind, string Method, string? SessionId, string? RequestId);

/// <summary>
/// Pairs the client and server spans of one MCP request in a trace. The server span is the client span's child when
/// context propagated through the request's _meta; otherwise both sides name the same JSON-RPC request id, session and
/// method (ids are unique only within a session, so without a session id on both sides the method must match and the
/// pair must be the only candidate).
/// </summary>
public static class McpPeers
{
    /// <summary>Each paired span's peer, both ways (client → server and server → client).</summary>
    public static IReadOnlyDictionary<string, string> Pair(IReadOnlyList<McpRequestSpan> spans)
    {
        var peers = new Dictionary<string, string>(StringComparer.Ordinal);
        var clients = spans.Where(s => s.Kind == SpanKind.Client).ToList();
        var servers = spans.Where(s => s.Kind == SpanKind.Server).ToList();

        foreach (var server in servers)
        {
            var candidates = clients.Where(c => !peers.ContainsKey(c.SpanId) && c.Method == server.Method).ToList();
            var parent = candidates.FirstOrDefault(c => c.SpanId == server.ParentSpanId);
            var match = parent.SpanId is not null ? parent : ByRequest(candidates, server);
            if (match.SpanId is not null)
            {
                peers[match.SpanId] = server.SpanId;
                peers[server.SpanId] = match.SpanId;
            }
        }

        return peers;
    }

    private static McpRequestSpan ByRequest(List<McpRequestSpan> candidates, McpRequestSpan server)
    {
        if (server.RequestId is null)
        {
            return default;
        }

        var sameRequest = candidates.Where(c => c.RequestId == server.RequestId).ToList();
        if (server.SessionId is not null)
        {
            var sameSession = sameRequest.Where(c => c.SessionId == server.SessionId).ToList();
            if (sameSession.Count == 1)
            {
                return sameSession[0];
            }
        }

        return sameRequest.Count == 1 && (sameRequest[0].SessionId is null || server.SessionId is null) ? sameRequest[0] : default;
    }
}
