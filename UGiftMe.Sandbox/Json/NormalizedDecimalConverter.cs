using System.Text.Json;
using System.Text.Json.Serialization;

namespace UGiftMe.Sandbox.Json;

/// <summary>Writes <c>49.5</c> rather than <c>49.50</c>: decimals keep their scale, JavaScript numbers do not.</summary>
internal sealed class NormalizedDecimalConverter : JsonConverter<decimal>
{
    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDecimal();

    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(Normalize(value));

    public static decimal Normalize(decimal value) => value / 1.000000000000000000000000000000000m;
}
