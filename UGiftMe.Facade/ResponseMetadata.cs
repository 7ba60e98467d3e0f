
namespace UGiftMe;

/// <summary>What a successful call's HTTP exchange said besides its body.</summary>
public sealed record ResponseMetadata
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoHeaders =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The HTTP status code, e.g. 201 or 202.</summary>
    public int StatusCode { get; init; }

    /// <summary>The response headers (content headers included), names case-insensitive.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Headers { get; init; } = NoHeaders;

    /// <summary>The <c>Idempotency-Key</c> the request carried (the caller's or the one the SDK made).</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>How many times the request was retried before it succeeded.</summary>
    public int RetryCount { get; init; }

    /// <summary>The rate-limit state the response reported, when it did.</summary>
    public RateLimitInfo? RateLimit { get; init; }

    /// <summary>
    /// Whether the account processes orders asynchronously, from <c>X-Business-Orders-Async</c> or
    /// <c>X-Account-Orders-Async</c> (the docs use both names); null when neither header was sent.
    /// </summary>
    public bool? OrdersAsync { get; init; }

    internal static ResponseMetadata From(int statusCode, IReadOnlyDictionary<string, IEnumerable<string>> headers, CallContext call)
    {
        // Sized up front: a response's headers otherwise make the dictionary grow (and rehash) twice.
        var copy = new Dictionary<string, IReadOnlyList<string>>(headers.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in headers)
        {
            // The generated client's header values are fresh arrays of this response alone: keep them, copy anything else.
            copy[name] = values as string[] ?? values.ToArray();
        }

        return new ResponseMetadata
        {
            StatusCode = statusCode,
            Headers = copy,
            IdempotencyKey = call.IdempotencyKey,
            RetryCount = call.RetryCount,
            RateLimit = call.RateLimit,
            OrdersAsync = ReadFlag(copy, "X-Business-Orders-Async") ?? ReadFlag(copy, "X-Account-Orders-Async"),
        };
    }

    private static bool? ReadFlag(Dictionary<string, IReadOnlyList<string>> headers, string name) =>
        headers.TryGetValue(name, out var values) && values.Count > 0 && bool.TryParse(values[0].Trim(), out var flag) ? flag : null;
}
