namespace UGiftMe;

internal static class HttpRequestExceptions
{
    /// <summary>The same failure with another message and inner exception (a redacted copy).</summary>
    public static HttpRequestException WithMessage(this HttpRequestException original, string message, Exception? inner) =>
#if NET
        new(original.HttpRequestError, message, inner, original.StatusCode);
#else
        new(message, inner);
#endif
}
