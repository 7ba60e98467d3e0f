namespace UGiftMe;

/// <summary>Removes the API key from any text the SDK puts in an exception, a log or a trace.</summary>
internal sealed class SecretRedactor(string? secret)
{
    public const string Mask = "[REDACTED]";

    public string? Redact(string? text) =>
        text is null || string.IsNullOrEmpty(secret) ? text : text.Replace(secret, Mask, StringComparison.Ordinal);

    /// <summary>
    /// <paramref name="exception"/> itself when nothing in it (message, inner exceptions) shows the key; otherwise a
    /// copy of the chain with the key masked, so an exception the SDK chains as inner cannot leak it through
    /// <see cref="Exception.ToString"/>. <see cref="HttpRequestException"/> keeps its type and error code.
    /// </summary>
    public Exception? Redact(Exception? exception)
    {
        if (exception is null || string.IsNullOrEmpty(secret) || !exception.ToString().Contains(secret, StringComparison.Ordinal))
        {
            return exception;
        }

        var inner = Redact(exception.InnerException);
        var message = Redact(exception.Message)!;
        return exception is HttpRequestException http
            ? new HttpRequestException(http.HttpRequestError, message, inner, http.StatusCode)
            : new RedactedException($"{exception.GetType().FullName}: {message}", inner);
    }

    /// <summary>Stands in for an exception whose text showed the API key; its message names the original type.</summary>
    private sealed class RedactedException(string message, Exception? inner) : Exception(message, inner);
}
