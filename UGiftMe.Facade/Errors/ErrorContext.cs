using Newtonsoft.Json.Linq;

namespace UGiftMe;

/// <summary>
/// Everything the SDK knows about a failed call: the HTTP exchange (when there was a response), the parsed UGiftMe
/// error body, the idempotency key sent and how many retries were made. Public so tests can build exceptions.
/// </summary>
public sealed record ErrorContext
{
    internal static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoHeaders =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The HTTP status code, or null when no response was received.</summary>
    public int? StatusCode { get; init; }

    /// <summary>The request method, e.g. <c>POST</c>.</summary>
    public string? Method { get; init; }

    /// <summary>The request path (no query string), e.g. <c>/api/v1/business/orders</c>.</summary>
    public string? Path { get; init; }

    /// <summary>The body's <c>error</c> text, e.g. <c>Insufficient funds</c>.</summary>
    public string? Error { get; init; }

    /// <summary>The body's <c>message</c> text, when present.</summary>
    public string? ServerMessage { get; init; }

    /// <summary>The body's <c>reason</c> text (401), when present.</summary>
    public string? Reason { get; init; }

    /// <summary>The body's <c>details</c> value, when present.</summary>
    public JToken? Details { get; init; }

    /// <summary>
    /// The response body as received (secrets masked), even when it is not JSON; at most the first
    /// 16 KiB of it (see <see cref="BodyLength"/> for the whole length).
    /// </summary>
    public string? RawBody { get; init; }

    /// <summary>The length in bytes of the whole response body, when one was read.</summary>
    public long? BodyLength { get; init; }

    /// <summary>The response headers (content headers included), names case-insensitive.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Headers { get; init; } = NoHeaders;

    /// <summary>The <c>Idempotency-Key</c> the request carried, when it had one.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>How many times the request was retried before this failure.</summary>
    public int RetryCount { get; init; }

    /// <summary>The rate-limit state of the last response, when reported.</summary>
    public RateLimitInfo? RateLimit { get; init; }

    /// <summary>The exchange of a call that succeeded over HTTP but whose answer could not be used.</summary>
    internal static ErrorContext Of(ResponseMetadata metadata) => new()
    {
        StatusCode = metadata.StatusCode,
        Headers = metadata.Headers,
        IdempotencyKey = metadata.IdempotencyKey,
        RetryCount = metadata.RetryCount,
        RateLimit = metadata.RateLimit,
    };
}
