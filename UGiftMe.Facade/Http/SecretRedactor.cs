namespace UGiftMe.Http;

/// <summary>Removes the API key from any text the SDK puts in an exception, a log or a trace.</summary>
internal sealed class SecretRedactor(string? secret)
{
    public const string Mask = "[REDACTED]";

    public string? Redact(string? text) =>
        text is null || string.IsNullOrEmpty(secret) ? text : text.Replace(secret, Mask, StringComparison.Ordinal);
}
