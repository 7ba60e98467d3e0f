using System.Collections;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace UGiftMe;

/// <summary>
/// How every options type of the SDK describes itself in <c>ToString()</c>, and so in the debugger and in logs:
/// <c>TypeName { Setting = value, ... }</c>, nested options inline and lists in brackets. A secret is added with
/// <see cref="Secret"/>, which shows only whether it is set (or how many are), never a value. Each setting is named
/// by the expression passed, so a call reads <c>.Add(MaxRetries)</c>. Linked into each shipping assembly that has
/// options types, since it is internal.
/// </summary>
internal sealed class OptionsDescription(object options)
{
    private readonly List<string> _settings = [];

    public OptionsDescription Add(object? value, [CallerArgumentExpression(nameof(value))] string name = "")
    {
        _settings.Add(name + " = " + Format(value));
        return this;
    }

    public OptionsDescription Secret(object? value, [CallerArgumentExpression(nameof(value))] string name = "") => Add(
        value switch
        {
            null or "" or ICollection { Count: 0 } => "<not set>",
            ICollection many => $"<{many.Count} set>",
            _ => "<set>",
        },
        name);

    public override string ToString() => $"{options.GetType().Name} {{ {string.Join(", ", _settings)} }}";

    private static string Format(object? value) => value switch
    {
        null => "null",
        string text => text,
        IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Format)) + "]",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
