namespace Observatory.Core.Llm.Emitters;

/// <summary>What recognising an emitter may look at: the span's scope, name, dialect, provider and model, and its attributes.</summary>
internal readonly struct EmitterEvidence
{
    private readonly KnownAttributes known;

    internal EmitterEvidence(
        KnownAttributes known, string? dialect, string? scopeName, string spanName, string? declaredProvider, string? provider, string? model)
    {
        this.known = known;
        Dialect = dialect;
        ScopeName = scopeName;
        SpanName = spanName;
        DeclaredProvider = declaredProvider;
        Provider = provider;
        Model = model;
    }

    public string? Dialect { get; }

    /// <summary>The instrumentation scope (tracer or ActivitySource) name.</summary>
    public string? ScopeName { get; }

    public string SpanName { get; }

    /// <summary>The provider attribute as sent (gen_ai.provider.name, gen_ai.system, ai.model.provider, …), untouched.</summary>
    public string? DeclaredProvider { get; }

    /// <summary>The canonical provider (<see cref="ProviderNames"/>), inferred from the model when none was declared.</summary>
    public string? Provider { get; }

    public string? Model { get; }

    /// <summary>True when the span carries the attribute; the name must be one the collector knows (FactPrecedence or the table).</summary>
    public bool Has(string attribute) => known.Has(KnownAttributes.SlotOf(attribute));

    public bool ScopeStartsWith(string prefix) => ScopeName?.StartsWith(prefix, StringComparison.Ordinal) == true;

    public bool DeclaredProviderIs(string value) => string.Equals(DeclaredProvider, value, StringComparison.OrdinalIgnoreCase);

    public bool DeclaredProviderContains(string value) => DeclaredProvider?.Contains(value, StringComparison.OrdinalIgnoreCase) == true;

    public bool DeclaredProviderStartsWith(string prefix) => DeclaredProvider?.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) == true;

    public bool DeclaredProviderEndsWith(string suffix) => DeclaredProvider?.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) == true;
}
