using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Observatory.Gateway.Api.Hosting;
using Observatory.Storage.Traces;

namespace Observatory.Gateway.Api.Traces;

/// <summary>
/// Reads a <see cref="TraceFilter"/> from the trace list's query parameters or from a search body's filter tree,
/// validating every name, operator and value; an error message names the offending parameter or path.
/// </summary>
public static class TraceFilterParser
{
    /// <summary>The filter query parameters, besides <c>attr.&lt;key&gt;</c>.</summary>
    public static readonly IReadOnlyList<string> QueryParameterNames =
    [
        "service", "model", "provider", "operation", "user", "session", "status", "from", "to", "q",
        "minDuration", "maxDuration", "minCost", "maxCost", "minTokens", "maxTokens",
    ];

    private const string AttributePrefix = "attr.";

    private static readonly Dictionary<string, TraceField> Fields = new(StringComparer.Ordinal)
    {
        ["service"] = TraceField.Service,
        ["model"] = TraceField.Model,
        ["provider"] = TraceField.Provider,
        ["operation"] = TraceField.Operation,
        ["user"] = TraceField.User,
        ["session"] = TraceField.Session,
        ["status"] = TraceField.Status,
        ["durationMs"] = TraceField.DurationMs,
        ["costUsd"] = TraceField.CostUsd,
        ["inputTokens"] = TraceField.InputTokens,
        ["outputTokens"] = TraceField.OutputTokens,
        ["totalTokens"] = TraceField.TotalTokens,
        ["spanCount"] = TraceField.SpanCount,
        ["errorCount"] = TraceField.ErrorCount,
        ["startTime"] = TraceField.StartTime,
        ["content"] = TraceField.Content,
    };

    private static readonly Dictionary<string, TraceFilterOp> Ops = new(StringComparer.Ordinal)
    {
        ["eq"] = TraceFilterOp.Eq,
        ["ne"] = TraceFilterOp.Ne,
        ["gt"] = TraceFilterOp.Gt,
        ["gte"] = TraceFilterOp.Gte,
        ["lt"] = TraceFilterOp.Lt,
        ["lte"] = TraceFilterOp.Lte,
        ["in"] = TraceFilterOp.In,
        ["contains"] = TraceFilterOp.Contains,
        ["startsWith"] = TraceFilterOp.StartsWith,
    };

    /// <summary>The field names a search filter's condition takes, besides <c>attr.&lt;key&gt;</c>.</summary>
    public static IEnumerable<string> FieldNames => Fields.Keys;

    /// <summary>The operators a search filter's condition takes.</summary>
    public static IEnumerable<string> OperatorNames => Ops.Keys;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The filter given by the list's query parameters (null when none). Any parameter that is neither a filter nor in
    /// <paramref name="otherParameters"/> (e.g. <c>limit</c>, <c>cursor</c>, an export's <c>format</c>) is an error, so
    /// a misspelt filter never silently returns everything.
    /// </summary>
    public static bool TryFromQuery(IQueryCollection query, IReadOnlyCollection<string> otherParameters, out TraceFilter? filter, out string? error)
    {
        filter = null;
        var parts = new List<TraceFilter>();
        foreach (var (name, values) in query)
        {
            var isAttribute = name.StartsWith(AttributePrefix, StringComparison.Ordinal);
            if (!isAttribute && !QueryParameterNames.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                if (otherParameters.Contains(name, StringComparer.OrdinalIgnoreCase))
                {
                    continue;
                }

                error = $"'{Shorten(name)}' is not a parameter of this endpoint; filters are {string.Join(", ", QueryParameterNames)} and attr.<key>.";
                return false;
            }

            if (values.Count > 1)
            {
                error = $"'{Shorten(name)}' is given {values.Count} times; give it once (POST /api/v1/traces/search takes 'in' lists).";
                return false;
            }

            var text = values.ToString();
            if (text.Length == 0)
            {
                continue; // An empty parameter means "no filter", as the list always did.
            }

            if (!TryCheckText(text, name, out error))
            {
                return false;
            }

            if (isAttribute)
            {
                var key = name[AttributePrefix.Length..];
                if (!TryCheckAttributeKey(key, name, out error))
                {
                    return false;
                }

                parts.Add(new TraceFilter.Condition(TraceField.Attribute, TraceFilterOp.Eq, text, key));
                continue;
            }

            var condition = TryFromQueryParameter(name.ToLowerInvariant(), name, text, out error);
            if (condition is null)
            {
                return false;
            }

            parts.Add(condition);
        }

        error = null;
        filter = TraceFilter.AllOf([.. parts]);
        return true;
    }

    private static TraceFilter.Condition? TryFromQueryParameter(string key, string name, string text, out string? error)
    {
        error = null;
        switch (key)
        {
            case "service": return new(TraceField.Service, TraceFilterOp.Eq, text);
            case "model": return new(TraceField.Model, TraceFilterOp.Eq, text);
            case "provider": return new(TraceField.Provider, TraceFilterOp.Eq, text);
            case "operation": return new(TraceField.Operation, TraceFilterOp.Eq, text);
            case "user": return new(TraceField.User, TraceFilterOp.Eq, text);
            case "session": return new(TraceField.Session, TraceFilterOp.Eq, text);
            case "q": return new(TraceField.Content, TraceFilterOp.Contains, text);
            case "status":
                if (text is "ok" or "error")
                {
                    return new(TraceField.Status, TraceFilterOp.Eq, text);
                }

                error = $"'status' must be 'ok' or 'error', got '{Shorten(text)}'.";
                return null;
            case "from" or "to":
                if (!QueryParameters.TryParseTime(text, key, out var time, out error))
                {
                    return null;
                }

                return new(TraceField.StartTime, key == "from" ? TraceFilterOp.Gte : TraceFilterOp.Lt, time!.Value);
        }

        var op = key.StartsWith("min", StringComparison.Ordinal) ? TraceFilterOp.Gte : TraceFilterOp.Lte;
        switch (key[3..])
        {
            case "duration":
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && double.IsFinite(ms))
                {
                    return new(TraceField.DurationMs, op, ms);
                }

                error = $"'{name}' must be a number of milliseconds, got '{Shorten(text)}'.";
                return null;
            case "cost":
                if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var usd))
                {
                    return new(TraceField.CostUsd, op, usd);
                }

                error = $"'{name}' must be a number of US dollars, got '{Shorten(text)}'.";
                return null;
            default:
                if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var tokens))
                {
                    return new(TraceField.TotalTokens, op, tokens);
                }

                error = $"'{name}' must be an integer number of tokens (input + output), got '{Shorten(text)}'.";
                return null;
        }
    }

    /// <summary>
    /// A filter tree: <c>{"and":[…]}</c>, <c>{"or":[…]}</c>, <c>{"not":node}</c> or
    /// <c>{"field":"…","op":"…","value":…}</c>. <paramref name="path"/> names the node in error messages (e.g. "filter").
    /// </summary>
    public static bool TryFromJson(JsonElement node, string path, out TraceFilter? filter, out string? error)
    {
        var nodes = 0;
        filter = ParseNode(node, path, 1, ref nodes, out error);
        return filter is not null;
    }

    private static TraceFilter? ParseNode(JsonElement node, string path, int depth, ref int nodes, out string? error)
    {
        if (depth > TraceFilter.MaxDepth)
        {
            error = $"'{path}' nests deeper than {TraceFilter.MaxDepth} levels.";
            return null;
        }

        if (++nodes > TraceFilter.MaxNodes)
        {
            error = $"'{path}': the filter has more than {TraceFilter.MaxNodes} nodes.";
            return null;
        }

        if (node.ValueKind != JsonValueKind.Object)
        {
            error = $"'{path}' must be an object: {{\"and\":[…]}}, {{\"or\":[…]}}, {{\"not\":…}} or {{\"field\",\"op\",\"value\"}}; got {Describe(node)}.";
            return null;
        }

        var names = node.EnumerateObject().Select(p => p.Name).ToList();
        var repeated = names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1)?.Key;
        if (repeated is not null)
        {
            error = $"'{path}' has the property '{Shorten(repeated)}' more than once.";
            return null;
        }

        if (names.Count == 1 && names[0] is "and" or "or")
        {
            var list = node.GetProperty(names[0]);
            if (list.ValueKind != JsonValueKind.Array)
            {
                error = $"'{path}.{names[0]}' must be an array of filters, got {Describe(list)}.";
                return null;
            }

            var children = new List<TraceFilter>();
            var i = 0;
            foreach (var child in list.EnumerateArray())
            {
                var parsed = ParseNode(child, $"{path}.{names[0]}[{i++}]", depth + 1, ref nodes, out error);
                if (parsed is null)
                {
                    return null;
                }

                children.Add(parsed);
            }

            error = null;
            return names[0] == "and" ? new TraceFilter.And(children) : new TraceFilter.Or(children);
        }

        if (names.Count == 1 && names[0] == "not")
        {
            var inner = ParseNode(node.GetProperty("not"), path + ".not", depth + 1, ref nodes, out error);
            return inner is null ? null : new TraceFilter.Not(inner);
        }

        if (names.Contains("field"))
        {
            return ParseCondition(node, names, path, out error);
        }

        error = names.Count == 0
            ? $"'{path}' is empty; expected \"and\", \"or\", \"not\" or a \"field\" condition."
            : $"'{path}' has {string.Join(", ", names.Select(n => $"'{Shorten(n)}'"))}; expected exactly one of \"and\", \"or\", \"not\", or a \"field\" condition.";
        return null;
    }

    private static TraceFilter.Condition? ParseCondition(JsonElement node, List<string> names, string path, out string? error)
    {
        var unknown = names.FirstOrDefault(n => n is not ("field" or "op" or "value"));
        if (unknown is not null)
        {
            error = $"'{path}' has an unknown property '{Shorten(unknown)}'; a condition has \"field\", \"op\" and \"value\".";
            return null;
        }

        var fieldElement = node.GetProperty("field");
        if (fieldElement.ValueKind != JsonValueKind.String || !TryGetText(fieldElement, out var fieldName))
        {
            error = $"'{path}.field' must be a string, got {Describe(fieldElement)}.";
            return null;
        }

        TraceField field;
        string? attributeKey = null;
        if (fieldName.StartsWith(AttributePrefix, StringComparison.Ordinal))
        {
            field = TraceField.Attribute;
            attributeKey = fieldName[AttributePrefix.Length..];
            if (!TryCheckAttributeKey(attributeKey, path + ".field", out error))
            {
                return null;
            }
        }
        else if (!Fields.TryGetValue(fieldName, out field))
        {
            error = $"'{path}.field': unknown field '{Shorten(fieldName)}'; fields are {string.Join(", ", Fields.Keys)} and attr.<key>.";
            return null;
        }

        if (!node.TryGetProperty("op", out var opElement) || opElement.ValueKind != JsonValueKind.String ||
            !TryGetText(opElement, out var opName) || !Ops.TryGetValue(opName, out var op))
        {
            error = $"'{path}.op' must be one of {string.Join(", ", Ops.Keys)}, got {(node.TryGetProperty("op", out var o) ? Describe(o) : "nothing")}.";
            return null;
        }

        var kind = TraceFieldKinds.KindOf(field);
        if (!TraceFieldKinds.Accepts(kind, op))
        {
            var accepted = Ops.Where(p => TraceFieldKinds.Accepts(kind, p.Value)).Select(p => p.Key);
            error = $"'{path}.op': field '{Shorten(fieldName)}' does not take '{opName}'; it takes {string.Join(", ", accepted)}.";
            return null;
        }

        if (!node.TryGetProperty("value", out var valueElement))
        {
            error = $"'{path}.value' is missing.";
            return null;
        }

        var value = op == TraceFilterOp.In
            ? ParseList(valueElement, kind, field, path + ".value", out error)
            : ParseScalar(valueElement, kind, field, path + ".value", out error);
        return value is null ? null : new TraceFilter.Condition(field, op, value, attributeKey);
    }

    private static object? ParseList(JsonElement element, TraceFieldKind kind, TraceField field, string path, out string? error)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            error = $"'{path}' must be an array for 'in', got {Describe(element)}.";
            return null;
        }

        var count = element.GetArrayLength();
        if (count is 0 or > TraceFilter.MaxInValues)
        {
            error = $"'{path}' must hold 1 to {TraceFilter.MaxInValues} values, got {count}.";
            return null;
        }

        var values = new List<object>();
        var i = 0;
        foreach (var item in element.EnumerateArray())
        {
            var value = ParseScalar(item, kind, field, $"{path}[{i++}]", out error);
            if (value is null)
            {
                return null;
            }

            values.Add(value);
        }

        error = null;
        return kind switch
        {
            TraceFieldKind.Integer => values.Cast<long>().ToArray(),
            TraceFieldKind.Money => values.Cast<decimal>().ToArray(),
            TraceFieldKind.Number => values.Cast<double>().ToArray(),
            _ => values.Cast<string>().ToArray(),
        };
    }

    private static object? ParseScalar(JsonElement element, TraceFieldKind kind, TraceField field, string path, out string? error)
    {
        error = null;
        switch (kind)
        {
            case TraceFieldKind.Integer:
                if (element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var integer))
                {
                    return integer;
                }

                error = $"'{path}' must be an integer, got {Describe(element)}.";
                return null;
            case TraceFieldKind.Money:
                if (element.ValueKind == JsonValueKind.Number && element.TryGetDecimal(out var money))
                {
                    return money;
                }

                error = $"'{path}' must be a number of US dollars, got {Describe(element)}.";
                return null;
            case TraceFieldKind.Number:
                if (element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out var number) && double.IsFinite(number))
                {
                    return number;
                }

                error = $"'{path}' must be a finite number, got {Describe(element)}.";
                return null;
            case TraceFieldKind.Time:
                if (element.ValueKind == JsonValueKind.String && TryGetText(element, out var timeText) &&
                    QueryParameters.TryParseTime(timeText, path, out var time, out _) && time is not null)
                {
                    return time.Value;
                }

                error = $"'{path}' must be an ISO-8601 date-time string (e.g. 2026-11-26T15:00:00Z), got {Describe(element)}.";
                return null;
            case TraceFieldKind.Status:
                if (element.ValueKind == JsonValueKind.String && TryGetText(element, out var status) && status is "ok" or "error")
                {
                    return status;
                }

                error = $"'{path}' must be \"ok\" or \"error\", got {Describe(element)}.";
                return null;
        }

        // Text and full text. Attribute values may be compared as numbers or booleans too: attributes are matched on
        // their text form (42, true), the way ->> renders them.
        string text;
        if (element.ValueKind == JsonValueKind.String && TryGetText(element, out var s))
        {
            text = s;
        }
        else if (field == TraceField.Attribute && element.ValueKind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
        {
            text = element.GetRawText();
        }
        else
        {
            error = field == TraceField.Attribute
                ? $"'{path}' must be a string, number or boolean, got {Describe(element)}."
                : $"'{path}' must be a string, got {Describe(element)}.";
            return null;
        }

        return TryCheckText(text, path, out error) ? text : null;
    }

    private static bool TryCheckText(string text, string name, out string? error)
    {
        error = null;
        if (text.Length > TraceFilter.MaxTextLength)
        {
            error = $"'{Shorten(name)}' is longer than {TraceFilter.MaxTextLength} characters.";
            return false;
        }

        if (text.Contains('\0'))
        {
            error = $"'{Shorten(name)}' contains a NUL character.";
            return false;
        }

        try
        {
            StrictUtf8.GetByteCount(text);
        }
        catch (EncoderFallbackException)
        {
            error = $"'{Shorten(name)}' is not valid Unicode text (unpaired surrogate).";
            return false;
        }

        return true;
    }

    private static bool TryCheckAttributeKey(string key, string name, out string? error)
    {
        if (key.Length == 0)
        {
            error = $"'{Shorten(name)}' names no attribute; use attr.<key>, e.g. attr.gen_ai.request.model.";
            return false;
        }

        return TryCheckText(key, name, out error);
    }

    /// <summary>A JSON string's value; false for a string with an unpaired surrogate escape, which .NET cannot decode.</summary>
    private static bool TryGetText(JsonElement element, out string text)
    {
        try
        {
            text = element.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            text = "";
            return false;
        }
    }

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => TryGetText(element, out var s) ? $"the string \"{Shorten(s)}\"" : "an undecodable string",
        JsonValueKind.Number => $"the number {Shorten(element.GetRawText())}",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
