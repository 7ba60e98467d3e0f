using System.Globalization;
using JsonDiffPatchDotNet;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace UGiftMe.Tests.TestSupport;

/// <summary>
/// Compares JSON by meaning: numbers by value (50 equals 50.0) and date-times by instant
/// ("...10.000Z" equals "...10+00:00"); member order is ignored. Returns a JSON diff, or null when equivalent.
/// </summary>
public static class JsonEquivalence
{
    public static string? Diff(JToken expected, JToken actual)
    {
        var diff = new JsonDiffPatch().Diff(Normalize(expected), Normalize(actual));
        return diff?.ToString(Formatting.Indented);
    }

    private static JToken Normalize(JToken token) => token switch
    {
        JObject obj => new JObject(obj.Properties().Select(p => new JProperty(p.Name, Normalize(p.Value)))),
        JArray array => new JArray(array.Select(Normalize)),
        JValue { Type: JTokenType.Integer or JTokenType.Float } number =>
            new JValue("number:" + Convert.ToDecimal(number.Value, CultureInfo.InvariantCulture).ToString("G29", CultureInfo.InvariantCulture)),
        JValue { Type: JTokenType.Date } date => new JValue("instant:" + AsInstant(date.Value)),
        JValue { Type: JTokenType.String } text when LooksLikeDateTime((string)text!) => new JValue("instant:" + AsInstant(text.Value)),
        _ => token.DeepClone(),
    };

    private static bool LooksLikeDateTime(string text) =>
        text.Length >= 19 && text[4] == '-' && text[10] == 'T'
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _);

    private static string AsInstant(object? value) => value switch
    {
        DateTimeOffset offset => offset.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        DateTime dateTime => dateTime.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        string text => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
            .UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
