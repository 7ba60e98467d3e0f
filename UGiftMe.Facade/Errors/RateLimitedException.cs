namespace UGiftMe;

/// <summary>
/// 429: too many requests. Thrown after the configured retries, or at once when the server asks for a longer wait
/// than <see cref="UGiftMeRetryOptions.MaxRetryAfter"/> or than the call's remaining
/// <see cref="UGiftMeClientOptions.TotalTimeout"/>.
/// </summary>
public class RateLimitedException : UGiftMeException
{
    /// <summary>Creates the exception.</summary>
    public RateLimitedException(string message, ErrorContext? context = null, Exception? innerException = null, TimeSpan? retryAfter = null)
        : base(message, context, innerException)
    {
        RetryAfter = retryAfter;
    }

    /// <summary>How long the server asked to wait, when it said.</summary>
    public TimeSpan? RetryAfter { get; }
}
