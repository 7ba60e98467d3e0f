namespace UGiftMe;

/// <summary>What a successful call's HTTP exchange said besides its body.</summary>
public sealed record ResponseMetadata
{
    private readonly IReadOnlyDictionary<string, IReadOnlyList<string>>? _headers;

    /// <summary>The HTTP status code, e.g. 201 or 202.</summary>
    public int StatusCode { get; init; }

    /// <summary>
    /// The response headers (content headers included), names case-insensitive. Built on first read from the values
    /// the response held, so a call whose headers nobody reads does not pay for a dictionary.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Headers
    {
        get => _headers ?? Snapshot?.Dictionary ?? ErrorContext.NoHeaders;
        init => _headers = value;
    }

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

    private HeaderSnapshot? Snapshot { get; init; }

    internal static ResponseMetadata From(HttpMessage message) => new()
    {
        StatusCode = (int)message.Response!.StatusCode,
        Snapshot = new HeaderSnapshot(message.Response),
        IdempotencyKey = message.IdempotencyKey,
        RetryCount = message.RetryCount,
        RateLimit = message.RateLimit,
        OrdersAsync = ReadFlag(message.Response, "X-Business-Orders-Async") ?? ReadFlag(message.Response, "X-Account-Orders-Async"),
    };

    private static bool? ReadFlag(HttpResponseMessage response, string name) =>
        bool.TryParse(RetryHints.First(response.Headers, name)?.Trim(), out var flag) ? flag : null;

    /// <summary>
    /// A response's headers, made into a dictionary of the values it held (as sent) once, when first asked for; under a
    /// lock, since reading an <see cref="HttpResponseMessage"/>'s headers from two threads at once is not safe.
    /// </summary>
    private sealed class HeaderSnapshot(HttpResponseMessage response)
    {
        private Dictionary<string, IReadOnlyList<string>>? _dictionary;

        public Dictionary<string, IReadOnlyList<string>> Dictionary
        {
            get
            {
                lock (response)
                {
                    if (_dictionary is null)
                    {
                        _dictionary = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
                        foreach (var headers in new System.Net.Http.Headers.HttpHeaders[] { response.Headers, response.Content.Headers })
                        {
                            foreach (var (name, values) in headers.NonValidated)
                            {
                                _dictionary[name] = values.ToArray();
                            }
                        }
                    }

                    return _dictionary;
                }
            }
        }
    }
}
