namespace UGiftMe;

/// <summary>
/// Thrown by <see cref="WebhookVerifier.Verify(ReadOnlySpan{byte}, WebhookHeaders)"/> when a delivery is rejected.
/// The message says what to check; it never contains a secret.
/// </summary>
public sealed class WebhookVerificationException : Exception
{
    /// <summary>Creates an exception with <see cref="Reason"/> <see cref="WebhookVerificationFailure.None"/>.</summary>
    public WebhookVerificationException()
    {
    }

    /// <summary>Creates an exception with a message and <see cref="Reason"/> <see cref="WebhookVerificationFailure.None"/>.</summary>
    /// <param name="message">What went wrong.</param>
    public WebhookVerificationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and an inner exception.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public WebhookVerificationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

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
