using System.Buffers;
using Google.Protobuf;
using Google.Protobuf.Collections;
using Observatory.Core.Spans;
using Observatory.Gateway.Otlp.Proto.Common.V1;

namespace Observatory.Gateway.Otlp.Decoding;

/// <summary>
/// OTLP protobuf export requests to protocol-neutral records: <c>ExportTraceServiceRequest</c> to
/// <see cref="Observatory.Core.Spans.SpanData"/>, <c>ExportLogsServiceRequest</c> to
/// <see cref="Observatory.Core.Logs.LogRecordData"/>. This file holds what every signal shares.
/// </summary>
public static partial class OtlpProtobufDecoder
{
    private static TRequest Parse<TRequest>(MessageParser<TRequest> parser, ReadOnlySequence<byte> body)
        where TRequest : IMessage<TRequest>
    {
        try
        {
            return parser.ParseFrom(body);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new OtlpDecodeException($"invalid protobuf {typeof(TRequest).Name}: {ex.Message}", ex);
        }
    }

    private static long ToUnixNano(ulong value, ItemLocation at, string field) =>
        OtlpValues.TryToUnixNano(value, out var unixNano, out var problem)
            ? unixNano
            : throw OtlpDecodeException.At(at.Field(field), problem);

    private static IReadOnlyList<KeyValuePair<string, object?>> ToAttributes(RepeatedField<KeyValue> attributes)
    {
        if (attributes.Count == 0)
        {
            return [];
        }

        var result = new KeyValuePair<string, object?>[attributes.Count];
        for (var a = 0; a < attributes.Count; a++)
        {
            result[a] = new(Text(attributes[a].Key), ToValue(attributes[a].Value));
        }

        return result;
    }

    // Nesting depth is bounded by the protobuf parser's recursion limit, so this recursion is too.
    private static object? ToValue(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => Text(value.StringValue),
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue,
        AnyValue.ValueOneofCase.IntValue => value.IntValue,
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue,
        AnyValue.ValueOneofCase.BytesValue => value.BytesValue.ToByteArray(),
        AnyValue.ValueOneofCase.ArrayValue => value.ArrayValue.Values.Select(ToValue).ToArray(),
        AnyValue.ValueOneofCase.KvlistValue => ToAttributes(value.KvlistValue.Values),
        _ => null,
    };

    /// <summary>
    /// Every string of a request goes through here: NUL becomes U+FFFD (see <see cref="StorableText"/>). Invalid UTF-8
    /// already arrives as U+FFFD, because Google.Protobuf decodes strings with replacement.
    /// </summary>
    private static string Text(string text) => StorableText.From(text);

    private static string? OptionalText(string? text) => OtlpValues.NullIfEmpty(text) is { } value ? Text(value) : null;

    /// <summary>Where an item sits in a request; the path string is built only for an error message.</summary>
    private readonly record struct ItemLocation(OtlpEnvelope Envelope, int Resource, int Scope, int Item)
    {
        public string Field(string field) => Envelope.PathOf(Resource, Scope, Item, field);
    }
}
