namespace UGiftMe;

/// <summary>
/// 429: too many requests. Thrown after the configured retries, or at once when the server asks for a longer wait
/// than <see cref="UGiftMeRetryOptions.MaxRetryAfter"/> or than the call's remaining
/// <see cref="UGiftMeClientOptions.TotalTimeout"/>. Also thrown, without sending anything, when a campaign paces the
/// client and the call's turn would come after its <see cref="UGiftMeClientOptions.TotalTimeout"/>.
/// </summary>
public class RateLimitedException : UGiftMeException
{
    /// <summary>Creates the exception.</summary>
    public RateLimitedException(string message, ErrorContext? context = null, Exception? innerException = null, TimeSpan? retryAfter = null)
        : base(message, context, innerException)
    {
        RetryAfter = retryAfter;
    }

    /// <summary>
    /// How long to wait before calling again, when known: the server's <c>Retry-After</c> (or rate-limit reset) on a 429,
    /// or, for a call the client's own pacer did not send (a campaign running on the same client; <see cref="UGiftMeException.StatusCode"/>
    /// is then null and nothing reached the server), the wait until the client's next free request.
    /// </summary>
    public TimeSpan? RetryAfter { get; }
}
