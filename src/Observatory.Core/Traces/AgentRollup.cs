using Observatory.Core.Llm;

namespace Observatory.Core.Traces;

/// <summary>One span of a trace as the agent rollup sees it.</summary>
/// <param name="IsModelCall">True for a model call (<see cref="LlmFacts.IsModelCall"/>): the only spans whose usage is summed.</param>
/// <param name="Model">The model a call is counted under.</param>
public readonly record struct AgentRollupSpan(
    string SpanId, string? ParentSpanId, string? Operation, bool IsModelCall, long? InputTokens, long? OutputTokens, decimal? CostUsd,
    string? Model = null);

/// <summary>
/// The model calls summed under an agent span. Unknown usage is not zero: <see cref="UnknownCostCalls"/> counts the calls
/// whose cost is unknown, and the sums cover the known ones.
/// </summary>
public sealed record AgentUsage(int ModelCalls, long InputTokens, long OutputTokens, decimal CostUsd, int UnknownCostCalls)
{
    public static AgentUsage None { get; } = new(0, 0, 0, 0m, 0);

    internal AgentUsage Add(AgentRollupSpan call) => new(
        ModelCalls + 1, InputTokens + (call.InputTokens ?? 0), OutputTokens + (call.OutputTokens ?? 0), CostUsd + (call.CostUsd ?? 0m),
        UnknownCostCalls + (call.CostUsd is null ? 1 : 0));
}

/// <summary>An agent (or workflow) span's own usage (model calls whose nearest agent ancestor it is) and inclusive usage (all model calls under it).</summary>
public sealed record AgentSpanUsage(AgentUsage Own, AgentUsage Inclusive);

/// <summary>
/// Sums the model calls of a trace onto its agent and workflow spans. A call belongs to every agent above it
/// (inclusive) and to the nearest one only (own), so nested agents split the cost without counting it twice. Agent
/// spans that repeat the usage of the calls under them (Strands, Agent Framework) add nothing: only model calls count.
/// A span whose parent is not in the trace (not arrived yet, or dropped) starts its own subtree.
/// </summary>
public static class AgentRollup
{
    /// <summary>True for a span that gets a rollup: invoke_agent and the other invoke_* operations, and workflow spans.</summary>
    public static bool IsAgentLevel(string? operation) =>
        operation is not null
        && (operation.StartsWith(LlmFacts.InvokeOperationPrefix, StringComparison.Ordinal) || operation == "workflow");

    /// <summary>The usage of every agent-level span of the trace, by span id.</summary>
    public static IReadOnlyDictionary<string, AgentSpanUsage> Compute(IReadOnlyList<AgentRollupSpan> spans)
    {
        var byId = new Dictionary<string, AgentRollupSpan>(spans.Count, StringComparer.Ordinal);
        foreach (var span in spans)
        {
            byId.TryAdd(span.SpanId, span);
        }

        var own = new Dictionary<string, AgentUsage>(StringComparer.Ordinal);
        var inclusive = new Dictionary<string, AgentUsage>(StringComparer.Ordinal);
        foreach (var span in byId.Values)
        {
            if (IsAgentLevel(span.Operation))
            {
                own[span.SpanId] = AgentUsage.None;
                inclusive[span.SpanId] = AgentUsage.None;
            }
        }

        foreach (var call in byId.Values)
        {
            if (!call.IsModelCall)
            {
                continue;
            }

            var nearest = true;
            var parent = call.ParentSpanId;
            // A broken exporter can send a parent cycle: never walk more steps than there are spans.
            for (var steps = 0; parent is not null && steps < byId.Count && byId.TryGetValue(parent, out var ancestor); steps++)
            {
                if (inclusive.TryGetValue(ancestor.SpanId, out var sum))
                {
                    inclusive[ancestor.SpanId] = sum.Add(call);
                    if (nearest)
                    {
                        own[ancestor.SpanId] = own[ancestor.SpanId].Add(call);
                        nearest = false;
                    }
                }

                parent = ancestor.ParentSpanId;
            }
        }

        return own.ToDictionary(p => p.Key, p => new AgentSpanUsage(p.Value, inclusive[p.Key]), StringComparer.Ordinal);
    }
}
