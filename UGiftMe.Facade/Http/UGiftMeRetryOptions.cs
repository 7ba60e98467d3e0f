using System.Diagnostics;

namespace UGiftMe;

/// <summary>
/// How the client retries a request that failed in a way that may succeed later (connection failures, timeouts,
/// 408, 429, 502, 503, 504, and 500 for GET). A POST is retried only when it carries an <c>Idempotency-Key</c>,
/// which every order create does.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class UGiftMeRetryOptions
{
    /// <summary>Retries after the first attempt (0 turns retrying off). Default 3.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Backoff before the first retry; later retries double it, with jitter. Default 500 ms.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest computed backoff between two attempts. Default 10 s.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The longest server-requested wait (<c>Retry-After</c>, <c>RateLimit-Reset</c>, <c>X-RateLimit-Reset</c>)
    /// the client will honour. A longer request ends the call at once with
    /// <see cref="RateLimitedException"/> (for 429) instead of sleeping. Default 30 s.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A description for logs and debuggers.</summary>
    public override string ToString() => new OptionsDescription(this).Add(MaxRetries).Add(BaseDelay).Add(MaxDelay).Add(MaxRetryAfter).ToString();

    internal UGiftMeRetryOptions Clone() => (UGiftMeRetryOptions)MemberwiseClone();
}
