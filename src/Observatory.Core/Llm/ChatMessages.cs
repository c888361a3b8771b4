using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Observatory.Core.Llm;

/// <summary>A tool call requested by the model.</summary>
internal sealed record ToolCall(string? Id, string? Name, string? Arguments);

/// <summary>A JSON value already in text form, written unchanged.</summary>
internal sealed record RawJson(string Json);

/// <summary>One message of a prompt or completion, in the shape every dialect is normalized to.</summary>
internal sealed class ChatMessage
{
    public string? Role { get; set; }
    public StringBuilder? Text { get; set; }
    public string? Name { get; set; }
    public string? ToolCallId { get; set; }
    public string? FinishReason { get; set; }
    public List<ToolCall>? ToolCalls { get; set; }

    public bool IsEmpty => Text is null && ToolCalls is null && ToolCallId is null;

    public void AppendText(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        if (Text is null)
        {
            Text = new StringBuilder(text);
        }
        else
        {
            Text.Append('\n').Append(text);
        }
    }
}

/// <summary>
/// Reads messages from the shapes instrumentations write them in (OTel parts, OpenAI/Anthropic/Vercel content blocks,
/// OTLP maps) and writes them as one JSON array of {role, content, name?, tool_calls?, tool_call_id?, finish_reason?}.
/// </summary>
internal static class ChatMessages
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // The text goes to a database and an API, not into HTML: escaping <, > and non-ASCII would only bloat it.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Messages from a JSON text: an array of messages, or one message object; null when it is neither.</summary>
    public static List<ChatMessage>? ParseJson(string json, string? defaultRole)
    {
        var trimmed = json.AsSpan().TrimStart();
        if (trimmed.Length == 0 || (trimmed[0] != '[' && trimmed[0] != '{'))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return FromElement(document.RootElement, defaultRole);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Messages from a JSON array of messages or one message object; null when the element is neither.</summary>
    public static List<ChatMessage>? FromElement(JsonElement element, string? defaultRole)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Array:
                var messages = new List<ChatMessage>(element.GetArrayLength());
                foreach (var item in element.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Object && LooksLikeMessage(item))
                    {
                        messages.Add(FromObject(item, defaultRole));
                    }
                    else
                    {
                        return null;
                    }
                }

                return messages.Count > 0 ? messages : null;
            case JsonValueKind.Object when LooksLikeMessage(element):
                return [FromObject(element, defaultRole)];
            default:
                return null;
        }
    }

    /// <summary>One message from an object: role, content (string or blocks), OTel parts, OpenAI tool_calls.</summary>
    public static ChatMessage FromObject(JsonElement message, string? defaultRole)
    {
        var result = new ChatMessage { Role = Text(message, "role") ?? defaultRole };
        if (message.TryGetProperty("content", out var content))
        {
            ReadContent(content, result);
        }

        if (message.TryGetProperty("parts", out var parts) && parts.ValueKind == JsonValueKind.Array)
        {
            ReadBlocks(parts, result);
        }

        if (message.TryGetProperty("tool_calls", out var toolCalls) && toolCalls.ValueKind == JsonValueKind.Array)
        {
            foreach (var call in toolCalls.EnumerateArray())
            {
                if (call.ValueKind == JsonValueKind.Object)
                {
                    var function = call.TryGetProperty("function", out var f) && f.ValueKind == JsonValueKind.Object ? f : call;
                    AddToolCall(result, Text(call, "id"), Text(function, "name"), Raw(function, "arguments"));
                }
            }
        }

        result.Name ??= Text(message, "name");
        result.ToolCallId ??= Text(message, "tool_call_id") ?? Text(message, "toolCallId");
        result.FinishReason = Text(message, "finish_reason") ?? Text(message, "finishReason");
        return result;
    }

    /// <summary>Text and tool calls from a content value: a string, or an array of blocks (which may itself be a JSON string).</summary>
    public static void ReadContent(JsonElement content, ChatMessage into)
    {
        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                var text = content.GetString();
                if (text is not null && TryParseBlocks(text, into))
                {
                    return;
                }

                into.AppendText(text);
                break;
            case JsonValueKind.Array:
                ReadBlocks(content, into);
                break;
            case JsonValueKind.Object:
                ReadBlock(content, into);
                break;
            case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                into.AppendText(content.GetRawText());
                break;
        }
    }

    /// <summary>Content held as a JSON string of blocks ([{"type":"text","text":…}]), as OpenLLMetry writes Anthropic content.</summary>
    public static bool TryParseBlocks(string text, ChatMessage into)
    {
        if (!text.AsSpan().TrimStart().StartsWith("[{", StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array
                || root.EnumerateArray().Any(b => b.ValueKind != JsonValueKind.Object || !b.TryGetProperty("type", out _)))
            {
                return false;
            }

            ReadBlocks(root, into);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The messages as one JSON array; null for none.</summary>
    public static string? Write(IReadOnlyList<ChatMessage> messages)
    {
        var kept = messages.Where(m => !m.IsEmpty).ToList();
        if (kept.Count == 0)
        {
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartArray();
            foreach (var message in kept)
            {
                writer.WriteStartObject();
                writer.WriteString("role", message.Role ?? "user");
                if (message.Text is not null)
                {
                    writer.WriteString("content", message.Text.ToString());
                }

                if (message.Name is not null)
                {
                    writer.WriteString("name", message.Name);
                }

                if (message.ToolCalls is { Count: > 0 } calls)
                {
                    writer.WriteStartArray("tool_calls");
                    foreach (var call in calls)
                    {
                        writer.WriteStartObject();
                        WriteOptional(writer, "id", call.Id);
                        WriteOptional(writer, "name", call.Name);
                        WriteOptional(writer, "arguments", call.Arguments);
                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                }

                WriteOptional(writer, "tool_call_id", message.ToolCallId);
                WriteOptional(writer, "finish_reason", message.FinishReason);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>An OTLP attribute or body value (string, number, array, key-value list) as JSON text.</summary>
    public static string ToJson(object? value)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            WriteOtlpValue(writer, value);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Key-value pairs as one JSON object; a later duplicate key wins, as in JSON.</summary>
    public static string ToJsonObject(IReadOnlyList<KeyValuePair<string, object?>> fields)
    {
        var last = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in fields)
        {
            last[key] = value;
        }

        return ToJson(last.ToList());
    }

    public static void AddToolCall(ChatMessage message, string? id, string? name, string? arguments)
    {
        if (id is null && name is null && arguments is null)
        {
            return;
        }

        (message.ToolCalls ??= []).Add(new ToolCall(id, name, arguments));
    }

    private static void ReadBlocks(JsonElement blocks, ChatMessage into)
    {
        foreach (var block in blocks.EnumerateArray())
        {
            switch (block.ValueKind)
            {
                case JsonValueKind.String:
                    into.AppendText(block.GetString());
                    break;
                case JsonValueKind.Object:
                    ReadBlock(block, into);
                    break;
            }
        }
    }

    // OTel parts (text, tool_call, tool_call_response), OpenAI/Anthropic blocks (text, tool_use, tool_result) and
    // Vercel blocks (text, tool-call, tool-result). Reasoning, images and files are not prompt text: left out.
    private static void ReadBlock(JsonElement block, ChatMessage into)
    {
        switch (Text(block, "type"))
        {
            case "text" or "input_text" or "output_text" or null:
                into.AppendText(Text(block, "content") ?? Text(block, "text"));
                break;
            case "tool_call" or "tool-call" or "tool_use" or "function_call":
                AddToolCall(
                    into,
                    Text(block, "id") ?? Text(block, "toolCallId") ?? Text(block, "call_id"),
                    Text(block, "name") ?? Text(block, "toolName"),
                    Raw(block, "arguments") ?? Raw(block, "args") ?? Raw(block, "input"));
                break;
            case "tool_call_response" or "tool-result" or "tool_result" or "function_call_output":
                into.ToolCallId ??= Text(block, "id") ?? Text(block, "toolCallId") ?? Text(block, "tool_use_id") ?? Text(block, "call_id");
                into.AppendText(Raw(block, "response") ?? Raw(block, "result") ?? Raw(block, "output") ?? Raw(block, "content"));
                break;
        }
    }

    private static bool LooksLikeMessage(JsonElement item) =>
        item.TryGetProperty("role", out _) || item.TryGetProperty("content", out _) || item.TryGetProperty("parts", out _);

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;

    // A string as itself; an object or array as its JSON text (tool arguments are JSON).
    private static string? Raw(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => value.GetRawText(),
        } : null;

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteOtlpValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case RawJson raw:
                writer.WriteRawValue(raw.Json, skipInputValidation: true);
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case double d when double.IsFinite(d):
                writer.WriteNumberValue(d);
                break;
            case byte[] bytes:
                writer.WriteBase64StringValue(bytes);
                break;
            case IReadOnlyList<KeyValuePair<string, object?>> map:
                writer.WriteStartObject();
                foreach (var (key, item) in map)
                {
                    writer.WritePropertyName(key);
                    WriteOtlpValue(writer, item);
                }

                writer.WriteEndObject();
                break;
            case IReadOnlyList<object?> items:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    WriteOtlpValue(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }
}
