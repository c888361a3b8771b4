using Observatory.Core.Traces;

namespace Observatory.Core.Tests.Traces;

/// <summary>Each agent span's own and inclusive usage over a trace's span tree (AgentRollup).</summary>
public class AgentRollupTests
{
    private static AgentRollupSpan Agent(string id, string? parent, string operation = "invoke_agent", long? input = null, long? output = null, decimal? cost = null) =>
        new(id, parent, operation, IsModelCall: false, input, output, cost);

    private static AgentRollupSpan Call(string id, string? parent, long? input, long? output, decimal? cost) =>
        new(id, parent, "chat", IsModelCall: true, input, output, cost, "gpt-4o");

    private static AgentRollupSpan Tool(string id, string? parent) => new(id, parent, "execute_tool", IsModelCall: false, null, null, null);

    [Fact]
    public void NestedAgentsSplitTheirOwnUsageAndIncludeTheirChildren()
    {
        // planner → chat, execute_tool → (researcher → chat, chat), chat
        var spans = new[]
        {
            Agent("planner", null),
            Call("c1", "planner", 100, 20, 0.001m),
            Tool("t1", "planner"),
            Agent("researcher", "t1"),
            Call("c2", "researcher", 300, 40, 0.003m),
            Call("c3", "researcher", 50, 5, 0.0005m),
            Call("c4", "planner", 10, 2, 0.0001m),
        };

        var usage = AgentRollup.Compute(spans);

        Assert.Equal(2, usage.Count);
        Assert.Equal(new AgentUsage(2, 110, 22, 0.0011m, 0), usage["planner"].Own);
        Assert.Equal(new AgentUsage(4, 460, 67, 0.0046m, 0), usage["planner"].Inclusive);
        Assert.Equal(new AgentUsage(2, 350, 45, 0.0035m, 0), usage["researcher"].Own);
        Assert.Equal(usage["researcher"].Own, usage["researcher"].Inclusive);
    }

    [Fact]
    public void AWrapperRepeatingItsChildrensUsageAddsNothing()
    {
        // Strands' invoke_agent carries the summed usage of its calls; only the calls count.
        var spans = new[]
        {
            Agent("agent", null, input: 400, output: 60, cost: 0.004m),
            Call("c1", "agent", 150, 20, 0.0015m),
            Call("c2", "agent", 250, 40, 0.0025m),
        };

        var usage = AgentRollup.Compute(spans)["agent"];

        Assert.Equal(new AgentUsage(2, 400, 60, 0.004m, 0), usage.Inclusive);
        Assert.Equal(usage.Inclusive, usage.Own);
    }

    [Fact]
    public void OrphansBelongToNoAgentAndAnOrphanAgentStillRollsUp()
    {
        var spans = new[]
        {
            Call("lost", "missing-parent", 10, 1, 0.01m),
            Agent("orphan-agent", "also-missing"),
            Call("c1", "orphan-agent", 5, 1, 0.02m),
        };

        var usage = AgentRollup.Compute(spans);

        Assert.Equal(new AgentUsage(1, 5, 1, 0.02m, 0), usage["orphan-agent"].Inclusive);
        Assert.Single(usage);
    }

    [Fact]
    public void UnknownUsageIsCountedApartNotAsZero()
    {
        var spans = new[] { Agent("a", null), Call("c1", "a", null, null, null), Call("c2", "a", 10, 2, 0.5m) };

        Assert.Equal(new AgentUsage(2, 10, 2, 0.5m, 1), AgentRollup.Compute(spans)["a"].Own);
    }

    [Fact]
    public void WorkflowsAndOtherInvokeOperationsRollUpToo()
    {
        var spans = new[]
        {
            Agent("flow", null, operation: "workflow"),
            Agent("swarm", "flow", operation: "invoke_swarm"),
            Agent("writer", "swarm"),
            Call("c1", "writer", 7, 3, 1m),
            Call("c2", "flow", 1, 1, 2m),
        };

        var usage = AgentRollup.Compute(spans);

        Assert.Equal(new AgentUsage(2, 8, 4, 3m, 0), usage["flow"].Inclusive);
        Assert.Equal(new AgentUsage(1, 1, 1, 2m, 0), usage["flow"].Own);
        Assert.Equal(AgentUsage.None, usage["swarm"].Own);
        Assert.Equal(new AgentUsage(1, 7, 3, 1m, 0), usage["swarm"].Inclusive);
        Assert.Equal(new AgentUsage(1, 7, 3, 1m, 0), usage["writer"].Own);
    }

    [Fact]
    public void AParentCycleEndsTheWalk()
    {
        var spans = new[] { Agent("a", "b"), Agent("b", "a"), Call("c", "a", 1, 1, 1m) };

        var usage = AgentRollup.Compute(spans);

        Assert.Equal(new AgentUsage(1, 1, 1, 1m, 0), usage["a"].Own);
        Assert.Equal(AgentUsage.None, usage["b"].Own);
        Assert.Equal(new AgentUsage(1, 1, 1, 1m, 0), usage["b"].Inclusive);
    }

    [Fact]
    public void DuplicateSpansCountOnce()
    {
        var spans = new[] { Agent("a", null), Call("c", "a", 3, 1, 1m), Call("c", "a", 3, 1, 1m) };

        Assert.Equal(1, AgentRollup.Compute(spans)["a"].Inclusive.ModelCalls);
    }
}
