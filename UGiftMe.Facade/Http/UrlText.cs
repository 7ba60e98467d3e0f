using System.Globalization;
using System.Reflection;
using System.Runtime.Serialization;

namespace UGiftMe;

/// <summary>How the generated request factories write a query or header value: enums by their wire name, booleans in lower case.</summary>
internal static class UrlText
{
    public static string Format(object? value) => value switch
    {
        null => "",
        string text => text,
        bool flag => flag ? "true" : "false",
        Enum member => WireName(member),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static string WireName(Enum member)
    {
        var name = member.ToString();
        return member.GetType().GetField(name)?.GetCustomAttribute<EnumMemberAttribute>()?.Value ?? name;
    }
}
