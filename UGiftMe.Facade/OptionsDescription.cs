using System.Collections;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace UGiftMe;

/// <summary>
/// How every options type of the SDK describes itself in <c>ToString()</c>, and so in the debugger and in logs:
/// <c>TypeName { Setting = value, ... }</c>, each setting named by the expression passed (<c>.Add(MaxRetries)</c>),
/// nested options inline, lists in brackets. A secret is added with <see cref="Secret"/>: only whether it is set, or
/// how many are, never a value. Internal, so linked into each shipping assembly that has options types.
/// </summary>
internal sealed class OptionsDescription(object options)
{
    private readonly List<string> _settings = [];

    public OptionsDescription Add(object? value, [CallerArgumentExpression(nameof(value))] string name = "")
    {
        _settings.Add(name + " = " + Format(value));
        return this;
    }

    public OptionsDescription Secret(object? value, [CallerArgumentExpression(nameof(value))] string name = "") =>
        Add(value is null or "" or ICollection { Count: 0 } ? "<not set>" : value is ICollection many ? $"<{many.Count} set>" : "<set>", name);

    public override string ToString() => $"{options.GetType().Name} {{ {string.Join(", ", _settings)} }}";

    private static string Format(object? value) => value switch
    {
        null => "null",
        IEnumerable items and not string => "[" + string.Join(", ", items.Cast<object?>().Select(Format)) + "]",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };
}
