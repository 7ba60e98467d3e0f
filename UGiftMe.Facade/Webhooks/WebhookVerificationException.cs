namespace UGiftMe;

/// <summary>
/// Thrown by <see cref="WebhookVerifier.Verify(ReadOnlySpan{byte}, WebhookHeaders)"/> when a delivery is rejected.
/// The message says what to check; it never contains a secret.
/// </summary>
public sealed class WebhookVerificationException : Exception
{
    /// <summary>Creates an exception for a rejected delivery.</summary>
    /// <param name="reason">Why the delivery was rejected.</param>
    /// <param name="message">What went wrong and what to check.</param>
    /// <param name="innerException">The cause, such as a JSON parse error.</param>
    public WebhookVerificationException(WebhookVerificationFailure reason, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
    }

    /// <summary>Why the delivery was rejected.</summary>
    public WebhookVerificationFailure Reason { get; }
}
