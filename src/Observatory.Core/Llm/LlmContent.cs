using System.Text.Json;
using Observatory.Core.Spans;
using static Observatory.Core.Llm.ConventionNames;

namespace Observatory.Core.Llm;

/// <summary>The prompt and completion content one span, span event or log record carries (null where it carries none).</summary>
public readonly record struct ContentParts(string? Input, string? Output)
{
    public bool IsEmpty => Input is null && Output is null;
}

/// <summary>
/// Prompts and completions, read from whatever convention carries them and normalized to one JSON array of messages
/// (<c>[{"role":"user","content":"…"}]</c>, plus tool_calls, tool_call_id, name and finish_reason when known), or to
/// plain text when the source has no messages. Each side is capped at <see cref="MaxBytes"/>.
/// </summary>
/// <remarks>
/// Attribute sources, first match wins per side. Input: gen_ai.system_instructions joined with gen_ai.input.messages,
/// gen_ai.prompt.{i}.*, llm.input_messages.{i}.*, ai.prompt.messages, ai.prompt; then as text (or messages when the text
/// is a message array) gen_ai.prompt, llm.prompt, input.value, traceloop.entity.input. Output: gen_ai.output.messages,
/// gen_ai.completion.{i}.*, llm.output_messages.{i}.*; then ai.response.text, gen_ai.completion, llm.completion,
/// output.value, traceloop.entity.output. A side no attribute fills is read from the span's events, which older
/// semconv and Semantic Kernel use (see <see cref="FromLogEvent"/>).
/// </remarks>
public static class LlmContent
{
    /// <summary>Input and Output are each cut to this many UTF-8 bytes, with the marker attribute values get.</summary>
    public const int MaxBytes = 32 * 1024;

    private static readonly int OTelGenAiInputMessagesSlot = KnownAttributes.SlotOf(OTelGenAi.InputMessages);
    private static readonly int OTelGenAiOutputMessagesSlot = KnownAttributes.SlotOf(OTelGenAi.OutputMessages);
    private static readonly int OTelGenAiSystemInstructionsSlot = KnownAttributes.SlotOf(OTelGenAi.SystemInstructions);
    private static readonly int OTelGenAiDeprecatedCompletionSlot = KnownAttributes.SlotOf(OTelGenAiDeprecated.Completion);
    private static readonly int OTelGenAiDeprecatedPromptSlot = KnownAttributes.SlotOf(OTelGenAiDeprecated.Prompt);
    private static readonly int ObservatorySdkCompletionSlot = KnownAttributes.SlotOf(ObservatorySdk.Completion);
    private static readonly int ObservatorySdkPromptSlot = KnownAttributes.SlotOf(ObservatorySdk.Prompt);
    private static readonly int OpenInferenceInputValueSlot = KnownAttributes.SlotOf(OpenInference.InputValue);
    private static readonly int OpenInferenceOutputValueSlot = KnownAttributes.SlotOf(OpenInference.OutputValue);
    private static readonly int OpenLlmetryEntityInputSlot = KnownAttributes.SlotOf(OpenLlmetry.EntityInput);
    private static readonly int OpenLlmetryEntityOutputSlot = KnownAttributes.SlotOf(OpenLlmetry.EntityOutput);
    private static readonly int VercelAiPromptSlot = KnownAttributes.SlotOf(VercelAi.Prompt);
    private static readonly int VercelAiPromptMessagesSlot = KnownAttributes.SlotOf(VercelAi.PromptMessages);
    private static readonly int VercelAiResponseTextSlot = KnownAttributes.SlotOf(VercelAi.ResponseText);

    /// <summary>
    /// The content one GenAI event carries, whether it arrived as an OTLP log record or as a span event: the deprecated
    /// per-message events (gen_ai.system/user/assistant/tool.message → Input, gen_ai.choice → Output), the older
    /// gen_ai.content.prompt / gen_ai.content.completion, and gen_ai.client.inference.operation.details (both sides).
    /// Fields are read from the body when it is a map (or JSON object text), else from the attributes.
    /// Each part is a JSON array of messages (or text); combine the parts of one span with <see cref="Append"/>.
    /// </summary>
    public static ContentParts FromLogEvent(string eventName, IReadOnlyList<KeyValuePair<string, object?>> attributes, object? body)
    {
        switch (eventName)
        {
            case OTelGenAiDeprecated.SystemMessageEvent:
                return new ContentParts(MessageEvent(attributes, body, "system"), null);
            case OTelGenAiDeprecated.UserMessageEvent:
                return new ContentParts(MessageEvent(attributes, body, "user"), null);
            case OTelGenAiDeprecated.AssistantMessageEvent:
                return new ContentParts(MessageEvent(attributes, body, "assistant"), null);
            case OTelGenAiDeprecated.ToolMessageEvent:
                return new ContentParts(MessageEvent(attributes, body, "tool"), null);
            case OTelGenAiDeprecated.ChoiceEvent:
                return new ContentParts(null, ChoiceEvent(attributes, body));
            case OTelGenAiDeprecated.ContentPromptEvent:
                return new ContentParts(Cap(TextOrMessages(Field(attributes, body, OTelGenAiDeprecated.Prompt), "user")), null);
            case OTelGenAiDeprecated.ContentCompletionEvent:
                return new ContentParts(null, Cap(TextOrMessages(Field(attributes, body, OTelGenAiDeprecated.Completion), "assistant")));
            case OTelGenAi.InferenceDetailsEvent:
                var input = new List<ChatMessage>();
                AddSystemInstructions(Field(attributes, body, OTelGenAi.SystemInstructions), input);
                input.AddRange(Messages(Field(attributes, body, OTelGenAi.InputMessages), "user") ?? []);
                var output = Messages(Field(attributes, body, OTelGenAi.OutputMessages), "assistant");
                return new ContentParts(Cap(ChatMessages.Write(input)), Cap(output is null ? null : ChatMessages.Write(output)));
            default:
                return default;
        }
    }

    /// <summary>
    /// Content gathered so far with one more part: two JSON message arrays become one array, anything else is joined
    /// with a newline. The result is capped; a side already cut stays as it is.
    /// </summary>
    public static string? Append(string? existing, string? part)
    {
        if (string.IsNullOrEmpty(part))
        {
            return existing;
        }

        if (string.IsNullOrEmpty(existing))
        {
            return Cap(part);
        }

        if (IsCut(existing))
        {
            return existing;
        }

        var merged = IsMessageArray(existing) && IsMessageArray(part)
            ? string.Concat(existing.AsSpan(0, existing.Length - 1), ",", part.AsSpan(1))
            : string.Concat(existing, "\n", part);
        return Cap(merged);
    }

    /// <summary>The content cut to <see cref="MaxBytes"/> with a truncation marker, NUL characters and unpaired surrogates replaced (<see cref="StorableText"/>).</summary>
    public static string? Cap(string? content)
    {
        if (content is null)
        {
            return null;
        }

        return AttributeJsonWriter.Truncate(StorableText.From(content), MaxBytes);
    }

    /// <summary>Input and output of a span from its attributes, else from its events (see remarks).</summary>
    internal static ContentParts FromSpan(SpanData span, KnownAttributes known)
    {
        var input = ReadInput(span, known);
        var output = ReadOutput(span, known);
        if (input is null || output is null)
        {
            string? eventInput = null, eventOutput = null;
            foreach (var spanEvent in span.Events)
            {
                var parts = FromLogEvent(spanEvent.Name, spanEvent.Attributes, null);
                eventInput = Append(eventInput, parts.Input);
                eventOutput = Append(eventOutput, parts.Output);
            }

            input ??= eventInput;
            output ??= eventOutput;
        }

        return new ContentParts(Cap(input), Cap(output));
    }

    private static string? ReadInput(SpanData span, KnownAttributes known)
    {
        var messages = new List<ChatMessage>();
        AddSystemInstructions(known[OTelGenAiSystemInstructionsSlot], messages);
        var conversation = Messages(known[OTelGenAiInputMessagesSlot], "user")
            ?? Indexed(span.Attributes, known.Markers, OpenLlmetry.PromptPrefix, "user")
            ?? Indexed(span.Attributes, known.Markers, OpenInference.InputMessagesPrefix, "user")
            ?? Messages(known[VercelAiPromptMessagesSlot], "user")
            ?? RequestMessages(known[VercelAiPromptSlot]);
        messages.AddRange(conversation ?? []);
        if (ChatMessages.Write(messages) is { } written)
        {
            return written;
        }

        return TextOrMessages(known[OTelGenAiDeprecatedPromptSlot], "user")
            ?? TextOrMessages(known[ObservatorySdkPromptSlot], "user")
            ?? RequestOrText(known[OpenInferenceInputValueSlot])
            ?? LooseValues.ReadText(known[OpenLlmetryEntityInputSlot]);
    }

    private static string? ReadOutput(SpanData span, KnownAttributes known)
    {
        var messages = Messages(known[OTelGenAiOutputMessagesSlot], "assistant")
            ?? Indexed(span.Attributes, known.Markers, OpenLlmetry.CompletionPrefix, "assistant")
            ?? Indexed(span.Attributes, known.Markers, OpenInference.OutputMessagesPrefix, "assistant");
        if (messages is not null && ChatMessages.Write(messages) is { } written)
        {
            return written;
        }

        return LooseValues.ReadText(known[VercelAiResponseTextSlot])
            ?? TextOrMessages(known[OTelGenAiDeprecatedCompletionSlot], "assistant")
            ?? TextOrMessages(known[ObservatorySdkCompletionSlot], "assistant")
            ?? ResponseOrText(known[OpenInferenceOutputValueSlot])
            ?? LooseValues.ReadText(known[OpenLlmetryEntityOutputSlot]);
    }

    private static string? MessageEvent(IReadOnlyList<KeyValuePair<string, object?>> attributes, object? body, string role)
    {
        using var document = MergedFields(attributes, body);
        var root = document.RootElement;
        var message = ChatMessages.FromObject(root, role);
        if (role == "tool" && root.TryGetProperty(OTelGenAiDeprecated.EventId, out var id) && id.ValueKind == JsonValueKind.String)
        {
            message.ToolCallId ??= id.GetString();
        }

        return Cap(ChatMessages.Write([message]));
    }

    private static string? ChoiceEvent(IReadOnlyList<KeyValuePair<string, object?>> attributes, object? body)
    {
        using var document = MergedFields(attributes, body);
        var root = document.RootElement;
        ChatMessage message;
        if (root.TryGetProperty(OTelGenAiDeprecated.EventMessage, out var value) && value.ValueKind == JsonValueKind.Object)
        {
            message = ChatMessages.FromObject(value, "assistant");
        }
        else if (value.ValueKind == JsonValueKind.String && ChatMessages.ParseJson(value.GetString()!, "assistant") is [var parsed])
        {
            message = parsed;
        }
        else
        {
            message = new ChatMessage { Role = "assistant" };
            if (value.ValueKind == JsonValueKind.String)
            {
                message.AppendText(value.GetString());
            }
        }

        if (message.FinishReason is null && root.TryGetProperty(OTelGenAiDeprecated.EventFinishReason, out var reason) && reason.ValueKind == JsonValueKind.String)
        {
            message.FinishReason = reason.GetString();
        }

        return Cap(ChatMessages.Write([message]));
    }

    // One JSON object of the event's fields: the attributes, overridden by the body's entries when the body is a map.
    private static JsonDocument MergedFields(IReadOnlyList<KeyValuePair<string, object?>> attributes, object? body)
    {
        var fields = new List<KeyValuePair<string, object?>>(attributes);
        switch (body)
        {
            case IReadOnlyList<KeyValuePair<string, object?>> map:
                fields.AddRange(map);
                break;
            case string text:
                fields.AddRange(BodyTextFields(text));
                break;
        }

        return JsonDocument.Parse(ChatMessages.ToJsonObject(fields));
    }

    // A body sent as JSON object text gives its properties; any other text is the message content.
    private static IEnumerable<KeyValuePair<string, object?>> BodyTextFields(string text)
    {
        if (text.AsSpan().TrimStart().StartsWith("{"))
        {
            try
            {
                using var parsed = JsonDocument.Parse(text);
                return parsed.RootElement.EnumerateObject()
                    .Select(p => KeyValuePair.Create<string, object?>(p.Name, new RawJson(p.Value.GetRawText())))
                    .ToList();
            }
            catch (JsonException)
            {
                // Not JSON: the text is the content.
            }
        }

        return [KeyValuePair.Create<string, object?>(OTelGenAiDeprecated.EventContent, text)];
    }

    private static object? Field(IReadOnlyList<KeyValuePair<string, object?>> attributes, object? body, string name)
    {
        if (body is IReadOnlyList<KeyValuePair<string, object?>> map)
        {
            for (var i = map.Count - 1; i >= 0; i--)
            {
                if (map[i].Key == name && map[i].Value is not null)
                {
                    return map[i].Value;
                }
            }
        }

        for (var i = attributes.Count - 1; i >= 0; i--)
        {
            if (attributes[i].Key == name && attributes[i].Value is not null)
            {
                return attributes[i].Value;
            }
        }

        return null;
    }

    // gen_ai.system_instructions: a JSON array of parts, or a plain string.
    private static void AddSystemInstructions(object? value, List<ChatMessage> into)
    {
        if (value is null)
        {
            return;
        }

        var system = new ChatMessage { Role = "system" };
        var json = value is string s ? s : ChatMessages.ToJson(value);
        try
        {
            using var document = JsonDocument.Parse(json);
            ChatMessages.ReadContent(document.RootElement, system);
        }
        catch (JsonException)
        {
            system.AppendText(json);
        }

        if (!system.IsEmpty)
        {
            into.Add(system);
        }
    }

    // A message array as a JSON string (OTel, MEAI, Vercel) or as a structured OTLP value (log-record attributes).
    private static List<ChatMessage>? Messages(object? value, string defaultRole) => value switch
    {
        null => null,
        string s => ChatMessages.ParseJson(s, defaultRole),
        _ => ChatMessages.ParseJson(ChatMessages.ToJson(value), defaultRole),
    };

    // Messages when the value is a message array, else its text.
    private static string? TextOrMessages(object? value, string defaultRole)
    {
        if (Messages(value, defaultRole) is { } messages && ChatMessages.Write(messages) is { } written)
        {
            return written;
        }

        return value is string or long ? LooseValues.ReadText(value) : value is null ? null : ChatMessages.ToJson(value);
    }

    // Vercel ai.prompt ({system?, prompt?, messages?}) or an OpenAI-style request body ({messages, model, …}).
    private static List<ChatMessage>? RequestMessages(object? value)
    {
        if (LooseValues.ReadText(value) is not { } json || !json.StartsWith('{'))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var messages = new List<ChatMessage>();
            if (root.TryGetProperty("system", out var system) && system.ValueKind == JsonValueKind.String)
            {
                messages.Add(new ChatMessage { Role = "system", Text = new(system.GetString()) });
            }

            if (root.TryGetProperty("messages", out var list) && ChatMessages.FromElement(list, "user") is { } fromList)
            {
                messages.AddRange(fromList);
            }
            else if (root.TryGetProperty("prompt", out var prompt) && prompt.ValueKind == JsonValueKind.String)
            {
                messages.Add(new ChatMessage { Role = "user", Text = new(prompt.GetString()) });
            }
            else if (ChatMessages.FromElement(root.TryGetProperty("prompt", out var promptList) ? promptList : default, "user") is { } fromPrompt)
            {
                messages.AddRange(fromPrompt);
            }

            return messages.Count > 0 ? messages : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // OpenInference input.value: the request JSON when it holds messages, else the raw value.
    private static string? RequestOrText(object? value) =>
        RequestMessages(value) is { } messages && ChatMessages.Write(messages) is { } written ? written : TextOrMessages(value, "user");

    // OpenInference output.value: an OpenAI-style response ({choices:[{message, finish_reason}]}) as messages, else the raw value.
    private static string? ResponseOrText(object? value)
    {
        if (LooseValues.ReadText(value) is { } json && json.StartsWith('{'))
        {
            try
            {
                using var document = JsonDocument.Parse(json);
                if (document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array)
                {
                    var messages = new List<ChatMessage>();
                    foreach (var choice in choices.EnumerateArray())
                    {
                        if (choice.ValueKind == JsonValueKind.Object && choice.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object)
                        {
                            var read = ChatMessages.FromObject(message, "assistant");
                            if (read.FinishReason is null && choice.TryGetProperty("finish_reason", out var reason) && reason.ValueKind == JsonValueKind.String)
                            {
                                read.FinishReason = reason.GetString();
                            }

                            messages.Add(read);
                        }
                    }

                    if (ChatMessages.Write(messages) is { } written)
                    {
                        return written;
                    }
                }
            }
            catch (JsonException)
            {
                // Not JSON after all: kept as text below.
            }
        }

        return TextOrMessages(value, "assistant");
    }

    /// <summary>
    /// Flattened messages: OpenLLMetry gen_ai.prompt.{i}.{role,content,name,tool_call_id,finish_reason,tool_calls.{k}.{id,name,arguments}}
    /// and OpenInference llm.input_messages.{i}.message.{role,content,name,tool_call_id,contents.{j}.message_content.text,
    /// tool_calls.{k}.tool_call.{id,function.name,function.arguments}}.
    /// </summary>
    private static List<ChatMessage>? Indexed(
        IReadOnlyList<KeyValuePair<string, object?>> attributes, PrefixMarkers markers, string prefix, string defaultRole)
    {
        var openInference = prefix is OpenInference.InputMessagesPrefix or OpenInference.OutputMessagesPrefix;
        var required = openInference ? PrefixMarkers.OpenInferenceMessages : PrefixMarkers.IndexedPromptOrCompletion;
        if ((markers & required) == 0)
        {
            return null;
        }

        SortedDictionary<int, (ChatMessage Message, SortedDictionary<int, string?[]> Calls)>? byIndex = null;
        foreach (var (name, value) in attributes)
        {
            if (!name.StartsWith(prefix, StringComparison.Ordinal) || !TrySplitIndex(name.AsSpan(prefix.Length), out var index, out var field))
            {
                continue;
            }

            if (openInference)
            {
                if (!field.StartsWith(OpenInference.MessageFieldPrefix, StringComparison.Ordinal))
                {
                    continue;
                }

                field = field[OpenInference.MessageFieldPrefix.Length..];
            }

            byIndex ??= [];
            if (!byIndex.TryGetValue(index, out var entry))
            {
                entry = (new ChatMessage(), []);
                byIndex[index] = entry;
            }

            SetField(entry.Message, entry.Calls, field, value);
        }

        if (byIndex is null)
        {
            return null;
        }

        var messages = new List<ChatMessage>(byIndex.Count);
        foreach (var (message, calls) in byIndex.Values)
        {
            message.Role ??= defaultRole;
            foreach (var call in calls.Values)
            {
                ChatMessages.AddToolCall(message, call[0], call[1], call[2]);
            }

            messages.Add(message);
        }

        return messages;
    }

    private static void SetField(ChatMessage message, SortedDictionary<int, string?[]> calls, ReadOnlySpan<char> field, object? value)
    {
        var text = value is string s ? s : value is null ? null : LooseValues.ReadText(value) ?? ChatMessages.ToJson(value);
        switch (field)
        {
            case FlattenedMessages.Role:
                message.Role = text;
                return;
            case FlattenedMessages.Content:
                if (text is not null && !ChatMessages.TryParseBlocks(text, message))
                {
                    message.AppendText(text);
                }

                return;
            case FlattenedMessages.Name:
                message.Name = text;
                return;
            case FlattenedMessages.ToolCallId:
                message.ToolCallId = text;
                return;
            case FlattenedMessages.FinishReason:
                message.FinishReason = text;
                return;
        }

        if (field.StartsWith(FlattenedMessages.ContentsPrefix, StringComparison.Ordinal)
            && field.EndsWith(FlattenedMessages.ContentTextSuffix, StringComparison.Ordinal))
        {
            message.AppendText(text);
            return;
        }

        if (field.StartsWith(FlattenedMessages.ToolCallsPrefix, StringComparison.Ordinal)
            && TrySplitIndex(field[FlattenedMessages.ToolCallsPrefix.Length..], out var k, out var part))
        {
            if (!calls.TryGetValue(k, out var call))
            {
                call = new string?[3];
                calls[k] = call;
            }

            switch (part)
            {
                case FlattenedMessages.ToolCallIdField or FlattenedMessages.OpenInferenceToolCallIdField:
                    call[0] = text;
                    break;
                case FlattenedMessages.ToolCallNameField or FlattenedMessages.OpenInferenceToolCallNameField:
                    call[1] = text;
                    break;
                case FlattenedMessages.ToolCallArgumentsField or FlattenedMessages.OpenInferenceToolCallArgumentsField:
                    call[2] = text;
                    break;
            }
        }
    }

    // "3.role" → (3, "role")
    private static bool TrySplitIndex(ReadOnlySpan<char> rest, out int index, out ReadOnlySpan<char> field)
    {
        var dot = rest.IndexOf('.');
        field = dot > 0 ? rest[(dot + 1)..] : default;
        return int.TryParse(dot > 0 ? rest[..dot] : default, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out index);
    }

    private static bool IsMessageArray(string content) =>
        content.Length >= 2 && content[0] == '[' && content[^1] == ']' && content.AsSpan(1).TrimStart().StartsWith("{");

    private static bool IsCut(string content) =>
        content.EndsWith(" bytes]", StringComparison.Ordinal) && content.Contains("…[truncated ", StringComparison.Ordinal);
}
