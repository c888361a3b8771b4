using System.Text.Json;
using System.Text.Json.Serialization;

namespace Observatory.Gateway.Api.Hosting;

/// <summary>
/// Writes decimals without trailing zeros: a cost read from numeric(24,12) (0.007500000000) and the same cost
/// summed in a grain (0.0075) must look the same to clients.
/// </summary>
public sealed class NormalizedDecimalConverter : JsonConverter<decimal>
{
    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDecimal();

    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(value / 1.000000000000000000000000000000000m);
}
