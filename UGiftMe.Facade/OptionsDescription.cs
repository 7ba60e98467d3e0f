using System.Collections;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace UGiftMe;

/// <summary>
/// How every options type of the SDK describes itself in <c>ToString()</c>, and so in the debugger and in logs:
/// <c>TypeName { Setting = value, ... }</c>, each setting named by the expression passed (<c>.Add(MaxRetries)</c>),
/// nested options inline, lists in brackets. A secret is added with <see cref="Secret"/>: only whether it is set, or
/// how many are, never a value. A URL shows no user-info and no query or fragment value (<see cref="Redacted"/>): a
/// token there would otherwise reach the logs. Internal, so linked into each shipping assembly that has options types.
/// </summary>
internal sealed class OptionsDescription(object options)
{
    private const string Hidden = "***";

    private readonly List<string> _settings = [];

    public OptionsDescription Add(object? value, [CallerArgumentExpression(nameof(value))] string name = "")
    {
        _settings.Add(name + " = " + Format(value));
        return this;
    }

    public OptionsDescription Secret(object? value, [CallerArgumentExpression(nameof(value))] string name = "") =>
        Add(value is null or "" or ICollection { Count: 0 } ? "<not set>" : value is ICollection many ? $"<{many.Count} set>" : "<set>", name);

    public override string ToString() => $"{options.GetType().Name} {{ {string.Join(", ", _settings)} }}";

    /// <summary>
    /// The URL for a log: scheme, host, port and path as they are, the user-info and every query or fragment value
    /// replaced by <c>***</c> (the query's parameter names stay); of a URL whose scheme is not HTTP(S), only the server.
    /// </summary>
    public static string Redacted(Uri uri)
    {
        // Another scheme (ftp, file, ...) may read a query as part of its path, escaped: only its server is shown.
        var otherScheme = uri.IsAbsoluteUri && uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp;
        var text = uri.IsAbsoluteUri
            ? uri.GetComponents(otherScheme ? UriComponents.SchemeAndServer : UriComponents.AbsoluteUri & ~UriComponents.UserInfo, UriFormat.UriEscaped)
                .Insert(uri.Scheme.Length + Uri.SchemeDelimiter.Length, uri.UserInfo.Length > 0 ? Hidden + "@" : string.Empty)
            : uri.OriginalString;
        if (otherScheme)
        {
            return uri.PathAndQuery.Length > 1 || uri.Fragment.Length > 0 ? text + "/" + Hidden : text;
        }

        var fragment = text.IndexOf('#', StringComparison.Ordinal) is var f and >= 0 ? f : text.Length;
        var query = text.IndexOf('?', StringComparison.Ordinal) is var q and >= 0 && q < fragment ? q : fragment;
        return text[..query] + RedactedValues(text[query..fragment]) + RedactedValues(text[fragment..]);
    }

    // "?a=1&b=2" -> "?a=***&b=***"; a part without a name ("#section", "?abc") -> "#***".
    private static string RedactedValues(string part) =>
        part.Length <= 1 ? part : part[0] + string.Join('&', part[1..].Split('&').Select(parameter =>
            parameter.IndexOf('=', StringComparison.Ordinal) is var equals and >= 0 ? parameter[..(equals + 1)] + Hidden : Hidden));

    private static string Format(object? value) => value switch
    {
        null => "null",
        Uri uri => Redacted(uri),
        IEnumerable items and not string => "[" + string.Join(", ", items.Cast<object?>().Select(Format)) + "]",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };
}
