namespace UGiftMe;

/// <summary>
/// An id put in a request path stays one segment of that path: it is escaped whole (a <c>/</c> or <c>?</c> in it is
/// data), and the values a URL would resolve away (empty, <c>.</c>, <c>..</c>) are refused before anything is sent.
/// </summary>
internal static class PathSegment
{
    /// <summary>The escaped segment; <see cref="ArgumentException"/> (naming <paramref name="parameter"/>) when it cannot be one.</summary>
    public static string Escape(string? value, string parameter) => Uri.EscapeDataString(Require(value, parameter));

    /// <summary><paramref name="value"/> when it can be one path segment; <see cref="ArgumentException"/> (naming <paramref name="parameter"/>) when not.</summary>
    public static string Require(string? value, string parameter) =>
        IsValid(value) ? value! : throw new ArgumentException($"'{value}' cannot be used as an id in a URL path: empty, '.' and '..' are not ids.", parameter);

    /// <summary>Whether <paramref name="value"/> can be sent as one path segment.</summary>
    public static bool IsValid(string? value) => !string.IsNullOrWhiteSpace(value) && value is not "." and not "..";
}
