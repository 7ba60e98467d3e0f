using Newtonsoft.Json.Linq;

namespace UGiftMe;

/// <summary>
/// The base of every exception the SDK throws for a failed call: any non-2xx response (a subclass where callers
/// branch, this type itself for statuses without one), a failed order and a transport failure. It carries the status,
/// UGiftMe's error fields, the full raw body, the headers, the idempotency key and the retry count.
/// </summary>
public class UGiftMeException : Exception
{
    /// <summary>Creates the exception.</summary>
    public UGiftMeException(string message, ErrorContext? context = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Context = context ?? new ErrorContext();
    }

    /// <summary>Everything known about the failed call.</summary>
    public ErrorContext Context { get; }

    /// <summary>The HTTP status code, or null when no response was received.</summary>
    public int? StatusCode => Context.StatusCode;

    /// <summary>The body's <c>error</c> text.</summary>
    public string? Error => Context.Error;

    /// <summary>The body's <c>message</c> text.</summary>
    public string? ServerMessage => Context.ServerMessage;

    /// <summary>The body's <c>reason</c> text.</summary>
    public string? Reason => Context.Reason;

    /// <summary>The body's <c>details</c> value.</summary>
    public JToken? Details => Context.Details;

    /// <summary>The response body as received (at most its first 16 KiB, secrets masked).</summary>
    public string? RawBody => Context.RawBody;

    /// <summary>The response headers.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Headers => Context.Headers;

    /// <summary>The <c>Idempotency-Key</c> the request carried; resend with the same key to retry safely.</summary>
    public string? IdempotencyKey => Context.IdempotencyKey;

    /// <summary>How many times the request was retried before this failure.</summary>
    public int RetryCount => Context.RetryCount;

    /// <summary>The rate-limit state of the last response, when reported.</summary>
    public RateLimitInfo? RateLimit => Context.RateLimit;

    /// <summary>The client's pacer had no turn for the call, or for its retry, within its TotalTimeout: a campaign stops sending.</summary>
    internal bool PacerHadNoTurn { get; set; }
}
