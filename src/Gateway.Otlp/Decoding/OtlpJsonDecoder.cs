using System.Globalization;
using System.Text.Json;
using Observatory.Core.Logs;
using Observatory.Core.Spans;

namespace Observatory.Gateway.Otlp.Decoding;

/// <summary>
/// OTLP/JSON export requests to protocol-neutral records: <c>ExportTraceServiceRequest</c> to <see cref="SpanData"/>,
/// <c>ExportLogsServiceRequest</c> to <see cref="LogRecordData"/>. This file holds what every signal shares.
/// </summary>
/// <remarks>
/// Written on System.Text.Json rather than Google.Protobuf's JsonParser because OTLP/JSON departs from the
/// protobuf JSON mapping: trace and span ids are hex, not base64 (a 32-character hex id is valid base64, so JsonParser
/// would silently decode it to 24 wrong bytes). Like protobuf JSON, it accepts lowerCamelCase and original snake_case
/// field names, int64 as a number or a string, enums as numbers or names, and ignores unknown fields.
/// </remarks>
public static partial class OtlpJsonDecoder
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    /// <summary>Parses and decodes the UTF-8 body of an OTLP/HTTP JSON traces request.</summary>
    /// <exception cref="OtlpDecodeException">The body is not valid OTLP/JSON.</exception>
    public static IReadOnlyList<SpanData> Decode(ReadOnlyMemory<byte> utf8Json) =>
        Parse(utf8Json, static request => new Reader().ReadTraces(request));

    /// <summary>Parses and decodes the UTF-8 body of an OTLP/HTTP JSON logs request.</summary>
    /// <exception cref="OtlpDecodeException">The body is not valid OTLP/JSON.</exception>
    public static IReadOnlyList<LogRecordData> DecodeLogs(ReadOnlyMemory<byte> utf8Json) =>
        Parse(utf8Json, static request => new Reader().ReadLogs(request));

    private static List<T> Parse<T>(ReadOnlyMemory<byte> utf8Json, Func<JsonElement, List<T>> readRequest)
    {
        if (utf8Json.Span.StartsWith("\uFEFF"u8))
        {
            utf8Json = utf8Json[3..];
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw new OtlpDecodeException($"invalid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            return readRequest(document.RootElement);
        }
    }

    /// <summary>The resource and scope an item was sent under.</summary>
    private readonly record struct ItemOrigin(IReadOnlyList<KeyValuePair<string, object?>> ResourceAttributes, string? ScopeName, string? ScopeVersion);

    /// <summary>One decode: walks the document while tracking the path for error messages.</summary>
    private sealed partial class Reader
    {
        private readonly JsonPath _path = new();

        /// <summary>Walks resource → scope → item, the shape every OTLP export request shares, reading each item.</summary>
        private List<T> ReadRequest<T>(JsonElement request, OtlpEnvelope envelope, Func<JsonElement, ItemOrigin, T> readItem)
        {
            ExpectObject(request);
            var items = new List<T>();
            try
            {
                foreach (var field in request.EnumerateObject())
                {
                    if (FieldName(field) == envelope.Resources)
                    {
                        ForEachItem(field, resource => ReadResourceItems(resource, envelope, readItem, items));
                    }
                }
            }
            catch (InvalidOperationException ex)
            {
                // A field name or a number-as-string holding an escaped unpaired surrogate, which .NET cannot decode.
                throw _path.Error($"not valid Unicode text: {ex.Message}");
            }

            return items;
        }

        private void ReadResourceItems<T>(JsonElement resourceItems, OtlpEnvelope envelope, Func<JsonElement, ItemOrigin, T> readItem, List<T> items)
        {
            ExpectObject(resourceItems);
            IReadOnlyList<KeyValuePair<string, object?>> resourceAttributes = [];
            JsonProperty? scopes = null;
            foreach (var field in resourceItems.EnumerateObject())
            {
                var name = FieldName(field);
                if (name == "resource")
                {
                    resourceAttributes = Within(field, ReadResource);
                }
                else if (name == envelope.Scopes)
                {
                    scopes = field;
                }
            }

            if (scopes is { } scopeItems)
            {
                ForEachItem(scopeItems, scope => ReadScopeItems(scope, envelope, resourceAttributes, readItem, items));
            }
        }

        private IReadOnlyList<KeyValuePair<string, object?>> ReadResource(JsonElement resource)
        {
            if (resource.ValueKind == JsonValueKind.Null)
            {
                return [];
            }

            ExpectObject(resource);
            foreach (var field in resource.EnumerateObject())
            {
                if (FieldName(field) == "attributes")
                {
                    return Within(field, ReadAttributes);
                }
            }

            return [];
        }

        private void ReadScopeItems<T>(JsonElement scopeItems, OtlpEnvelope envelope, IReadOnlyList<KeyValuePair<string, object?>> resourceAttributes,
            Func<JsonElement, ItemOrigin, T> readItem, List<T> items)
        {
            ExpectObject(scopeItems);
            string? scopeName = null, scopeVersion = null;
            JsonProperty? list = null;
            foreach (var field in scopeItems.EnumerateObject())
            {
                var name = FieldName(field);
                if (name == "scope")
                {
                    (scopeName, scopeVersion) = Within(field, ReadScope);
                }
                else if (name == envelope.Items)
                {
                    list = field;
                }
            }

            if (list is { } itemList)
            {
                var origin = new ItemOrigin(resourceAttributes, scopeName, scopeVersion);
                ForEachItem(itemList, item => items.Add(readItem(item, origin)));
            }
        }

        private (string? Name, string? Version) ReadScope(JsonElement scope)
        {
            if (scope.ValueKind == JsonValueKind.Null)
            {
                return (null, null);
            }

            ExpectObject(scope);
            string? name = null, version = null;
            foreach (var field in scope.EnumerateObject())
            {
                switch (FieldName(field))
                {
                    case "name":
                        name = OtlpValues.NullIfEmpty(Within(field, ReadString));
                        break;
                    case "version":
                        version = OtlpValues.NullIfEmpty(Within(field, ReadString));
                        break;
                }
            }

            return (name, version);
        }

        private OtlpDecodeException FieldError(string field, string problem)
        {
            _path.Push(field);
            return _path.Error(problem);
        }

        private IReadOnlyList<KeyValuePair<string, object?>> ReadAttributes(JsonElement attributes)
        {
            var result = new List<KeyValuePair<string, object?>>();
            ForEachItem(attributes, keyValue => result.Add(ReadKeyValue(keyValue)));
            return result;
        }

        private KeyValuePair<string, object?> ReadKeyValue(JsonElement keyValue)
        {
            ExpectObject(keyValue);
            var key = "";
            object? value = null;
            foreach (var field in keyValue.EnumerateObject())
            {
                switch (FieldName(field))
                {
                    case "key":
                        key = Within(field, ReadString);
                        break;
                    case "value":
                        value = Within(field, ReadAnyValue);
                        break;
                }
            }

            return new(key, value);
        }

        // Depth is bounded by DocumentOptions.MaxDepth, so this recursion is too.
        private object? ReadAnyValue(JsonElement anyValue)
        {
            if (anyValue.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            ExpectObject(anyValue);
            object? value = null;
            foreach (var field in anyValue.EnumerateObject())
            {
                switch (FieldName(field))
                {
                    case "stringValue":
                        value = Within(field, ReadString);
                        break;
                    case "boolValue":
                        value = Within(field, ReadBool);
                        break;
                    case "intValue":
                        value = Within(field, ReadInt64);
                        break;
                    case "doubleValue":
                        value = Within(field, ReadDouble);
                        break;
                    case "bytesValue":
                        value = Within(field, ReadBytes);
                        break;
                    case "arrayValue":
                        value = Within(field, ReadArrayValue);
                        break;
                    case "kvlistValue":
                        value = Within(field, ReadKeyValueList);
                        break;
                }
            }

            return value;
        }

        private IReadOnlyList<object?> ReadArrayValue(JsonElement arrayValue)
        {
            var result = new List<object?>();
            ForEachValuesItem(arrayValue, item => result.Add(ReadAnyValue(item)));
            return result;
        }

        private IReadOnlyList<KeyValuePair<string, object?>> ReadKeyValueList(JsonElement kvlistValue)
        {
            var result = new List<KeyValuePair<string, object?>>();
            ForEachValuesItem(kvlistValue, item => result.Add(ReadKeyValue(item)));
            return result;
        }

        /// <summary>ArrayValue and KeyValueList both wrap their items as <c>{"values": [...]}</c>.</summary>
        private void ForEachValuesItem(JsonElement wrapper, Action<JsonElement> read)
        {
            if (wrapper.ValueKind == JsonValueKind.Null)
            {
                return;
            }

            ExpectObject(wrapper);
            foreach (var field in wrapper.EnumerateObject())
            {
                if (FieldName(field) == "values")
                {
                    ForEachItem(field, read);
                }
            }
        }

        private string ReadString(JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.String => StringValue(value),
            JsonValueKind.Null => "",
            _ => throw _path.Error($"expected a string, got {Describe(value)}"),
        };

        /// <summary>
        /// Every string field and value of a request is read here, storable (<see cref="StorableText"/>): NUL and unpaired
        /// surrogates become U+FFFD. System.Text.Json refuses to decode an escaped unpaired surrogate, so such a string
        /// is unescaped by hand rather than failing the request.
        /// </summary>
        private static string StringValue(JsonElement value)
        {
            string text;
            try
            {
                text = value.GetString()!;
            }
            catch (InvalidOperationException)
            {
                text = JsonEscapes.Unescape(value.GetRawText());
            }

            return StorableText.From(text);
        }

        private bool ReadBool(JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False or JsonValueKind.Null => false,
            _ => throw _path.Error($"expected true or false, got {Describe(value)}"),
        };

        private long ReadInt64(JsonElement value)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.Number when value.TryGetInt64(out var number):
                    return number;
                case JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number):
                    return number;
                case JsonValueKind.Null:
                    return 0;
                default:
                    throw _path.Error($"expected a 64-bit integer (number or string), got {Describe(value)}");
            }
        }

        private long ReadUnixNano(JsonElement value)
        {
            ulong number;
            switch (value.ValueKind)
            {
                case JsonValueKind.Number when value.TryGetUInt64(out number):
                case JsonValueKind.String when ulong.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out number):
                    break;
                case JsonValueKind.Null:
                    return 0;
                default:
                    throw _path.Error($"expected unsigned nanoseconds since the Unix epoch (number or string), got {Describe(value)}");
            }

            return OtlpValues.TryToUnixNano(number, out var unixNano, out var problem) ? unixNano : throw _path.Error(problem);
        }

        private double ReadDouble(JsonElement value)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.Number:
                    return value.GetDouble();
                case JsonValueKind.String:
                    var text = value.GetString();
                    switch (text)
                    {
                        case "NaN":
                            return double.NaN;
                        case "Infinity":
                            return double.PositiveInfinity;
                        case "-Infinity":
                            return double.NegativeInfinity;
                    }

                    if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                    {
                        return number;
                    }

                    break;
                case JsonValueKind.Null:
                    return 0;
            }

            throw _path.Error($"expected a number, got {Describe(value)}");
        }

        // Attribute bytes stay base64 in OTLP/JSON (only trace and span ids are hex); protobuf JSON also allows URL-safe base64.
        private byte[] ReadBytes(JsonElement value)
        {
            if (value.ValueKind == JsonValueKind.Null)
            {
                return [];
            }

            if (value.ValueKind == JsonValueKind.String)
            {
                var text = value.GetString()!.Replace('-', '+').Replace('_', '/');
                text = text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
                var buffer = new byte[text.Length / 4 * 3];
                if (Convert.TryFromBase64String(text, buffer, out var written))
                {
                    return buffer[..written];
                }
            }

            throw _path.Error($"expected base64 bytes, got {Describe(value)}");
        }

        private long ReadEnum(JsonElement value, IReadOnlyDictionary<string, long> names) => value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt32(out var number) => number,
            JsonValueKind.String when names.TryGetValue(value.GetString()!, out var number) => number,
            JsonValueKind.Null => 0,
            _ => throw _path.Error($"expected one of {string.Join(", ", names.Keys)} or its number, got {Describe(value)}"),
        };

        private void ForEachItem(JsonProperty field, Action<JsonElement> read)
        {
            _path.Push(FieldName(field));
            ForEachItem(field.Value, read);
            _path.Pop();
        }

        private void ForEachItem(JsonElement array, Action<JsonElement> read)
        {
            if (array.ValueKind == JsonValueKind.Null)
            {
                return;
            }

            if (array.ValueKind != JsonValueKind.Array)
            {
                throw _path.Error($"expected an array, got {Describe(array)}");
            }

            var index = 0;
            foreach (var item in array.EnumerateArray())
            {
                _path.Push(index++);
                read(item);
                _path.Pop();
            }
        }

        private T Within<T>(JsonProperty field, Func<JsonElement, T> read)
        {
            _path.Push(FieldName(field));
            var value = read(field.Value);
            _path.Pop();
            return value;
        }

        private void ExpectObject(JsonElement element)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw _path.Error($"expected an object, got {Describe(element)}");
            }
        }

        private static string Describe(JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.String => $"the string \"{Truncate(value.GetString()!)}\"",
            JsonValueKind.Number => $"the number {Truncate(value.GetRawText())}",
            JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            _ => "null",
        };

        private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";
    }

    /// <summary>
    /// The protobuf JSON name of a field: OTLP/JSON sends lowerCamelCase, protobuf JSON also allows the .proto name.
    /// </summary>
    private static string FieldName(JsonProperty field)
    {
        var name = field.Name;
        if (!name.Contains('_'))
        {
            return name;
        }

        var parts = name.Split('_', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 0
            ? name
            : parts[0] + string.Concat(parts.Skip(1).Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
    }
}
