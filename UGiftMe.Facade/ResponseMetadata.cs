using System.Net.Http.Headers;
using UGiftMe.Models;

namespace UGiftMe;

/// <summary>What a successful call's HTTP exchange said besides its body.</summary>
public sealed record ResponseMetadata
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoHeaders =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);

    private readonly IReadOnlyDictionary<string, IReadOnlyList<string>>? _headers;

    /// <summary>The HTTP status code, e.g. 201 or 202.</summary>
    public int StatusCode { get; init; }

    /// <summary>
    /// The response headers (content headers included), names case-insensitive. Built on first read from the values
    /// the response held, so a call whose headers nobody reads does not pay for a dictionary.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Headers
    {
        get => _headers ?? Snapshot?.Dictionary ?? NoHeaders;
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

    internal static ResponseMetadata From(int statusCode, IReadOnlyDictionary<string, IEnumerable<string>> headers, CallContext call)
    {
        var snapshot = new HeaderSnapshot(headers);
        return new ResponseMetadata
        {
            StatusCode = statusCode,
            Snapshot = snapshot,
            IdempotencyKey = call.IdempotencyKey,
            RetryCount = call.RetryCount,
            RateLimit = call.RateLimit,
            OrdersAsync = snapshot.ReadFlag("X-Business-Orders-Async") ?? snapshot.ReadFlag("X-Account-Orders-Async"),
        };
    }

    /// <summary>A response's headers kept as the values it held, made into a dictionary once, when first asked for.</summary>
    private sealed class HeaderSnapshot
    {
        private readonly KeyValuePair<string, HeaderStringValues>[]? _values;
        private readonly IReadOnlyDictionary<string, IEnumerable<string>>? _other;
        private Dictionary<string, IReadOnlyList<string>>? _dictionary;

        public HeaderSnapshot(IReadOnlyDictionary<string, IEnumerable<string>> headers)
        {
            if (headers is ResponseHeaderView view)
            {
                _values = view.Snapshot();
            }
            else
            {
                _other = headers;
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

                var dictionary = new Dictionary<string, IReadOnlyList<string>>(_values?.Length ?? _other!.Count, StringComparer.OrdinalIgnoreCase);
                if (_values is not null)
                {
                    foreach (var (name, values) in _values)
                    {
                        dictionary[name] = values.ToArray();
                    }
                }
                else
                {
                    foreach (var (name, values) in _other!)
                    {
                        dictionary[name] = values.ToArray();
                    }
                }

                return Interlocked.CompareExchange(ref _dictionary, dictionary, null) ?? dictionary;
            }
        }

        public bool? ReadFlag(string name)
        {
            var value = FirstValue(name);
            return value is not null && bool.TryParse(value.Trim(), out var flag) ? flag : null;
        }

        private string? FirstValue(string name)
        {
            if (_values is null)
            {
                return _other!.TryGetValue(name, out var values) ? values.FirstOrDefault() : null;
            }

            foreach (var (header, values) in _values)
            {
                if (string.Equals(header, name, StringComparison.OrdinalIgnoreCase))
                {
                    foreach (var value in values)
                    {
                        return value;
                    }
                }
            }

            return null;
        }
    }
}
