using System.Net.Http.Headers;

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

    private static bool? ReadFlag(HttpResponseMessage response, string name)
    {
        if (response.Headers.NonValidated.TryGetValues(name, out var values))
        {
            foreach (var value in values)
            {
                return bool.TryParse(value.Trim(), out var flag) ? flag : null;
            }
        }

        return null;
    }

    /// <summary>A response's headers kept as the values it held (as sent), made into a dictionary once, when first asked for.</summary>
    private sealed class HeaderSnapshot
    {
        private readonly KeyValuePair<string, HeaderStringValues>[] _values;
        private Dictionary<string, IReadOnlyList<string>>? _dictionary;

        public HeaderSnapshot(HttpResponseMessage response)
        {
            var headers = response.Headers.NonValidated;
            var contentHeaders = response.Content.Headers.NonValidated;
            _values = new KeyValuePair<string, HeaderStringValues>[headers.Count + contentHeaders.Count];
            var index = 0;
            foreach (var header in headers)
            {
                _values[index++] = header;
            }

            foreach (var header in contentHeaders)
            {
                _values[index++] = header;
            }
        }

        public Dictionary<string, IReadOnlyList<string>> Dictionary
        {
            get
            {
                if (Volatile.Read(ref _dictionary) is { } built)
                {
                    return built;
                }

                var dictionary = new Dictionary<string, IReadOnlyList<string>>(_values.Length, StringComparer.OrdinalIgnoreCase);
                foreach (var (name, values) in _values)
                {
                    dictionary[name] = values.ToArray();
                }

                return Interlocked.CompareExchange(ref _dictionary, dictionary, null) ?? dictionary;
            }
        }
    }
}
