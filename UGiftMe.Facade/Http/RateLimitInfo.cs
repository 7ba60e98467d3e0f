namespace UGiftMe;

/// <summary>
/// The rate-limit state a response reported. UGiftMe does not document its header names, so both
/// <c>RateLimit-*</c> and <c>X-RateLimit-*</c> are read; a reset value is seconds from now, or a Unix time (seconds or
/// milliseconds) when it is larger than a year of seconds.
/// </summary>
public sealed record RateLimitInfo
{
    /// <summary>Requests allowed in the current window, when reported.</summary>
    public int? Limit { get; init; }

    /// <summary>Requests left in the current window, when reported.</summary>
    public int? Remaining { get; init; }

    /// <summary>When the window resets, when reported.</summary>
    public DateTimeOffset? ResetsAt { get; init; }

    /// <summary>When the response was received.</summary>
    public DateTimeOffset ObservedAt { get; init; }

    /// <summary>
    /// Reads the rate-limit headers of a response; null when it has none. <paramref name="now"/> turns a relative
    /// reset into an absolute time.
    /// </summary>
    public static RateLimitInfo? FromHeaders(IEnumerable<KeyValuePair<string, IEnumerable<string>>> headers, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var reader = new Reader(now);
        foreach (var (name, values) in headers)
        {
            reader.Read(name, values.FirstOrDefault());
        }

        return reader.Result();
    }

    /// <summary>
    /// Like <see cref="FromHeaders"/>, for a response's own headers: the same headers in the same order, read without
    /// copying every header's values into new arrays (the pipeline calls this on every attempt).
    /// </summary>
    internal static RateLimitInfo? FromResponseHeaders(System.Net.Http.Headers.HttpResponseHeaders headers, DateTimeOffset now)
    {
        var reader = new Reader(now);
        foreach (var (name, values) in headers.NonValidated)
        {
            string? first = null;
            foreach (var value in values)
            {
                first = value;
                break;
            }

            reader.Read(name, first);
        }

        return reader.Result();
    }

    /// <summary>
    /// Reads a reset header value: seconds from now (up to a year), a Unix time in seconds or milliseconds, or an HTTP
    /// date. Never throws: garbage, negative, non-finite and out-of-range values give null.
    /// </summary>
    public static DateTimeOffset? ParseReset(string? value, DateTimeOffset now) => RetryHints.ParseReset(value, now);

    // The first readable value of each kind wins, under either name. Header names are ASCII tokens, so an
    // ordinal case-insensitive comparison matches exactly what upper-casing them did, without a new string per header.
    private struct Reader(DateTimeOffset now)
    {
        private int? _limit;
        private int? _remaining;
        private DateTimeOffset? _reset;

        public void Read(string name, string? value)
        {
            if (Is(name, "RateLimit-Limit"))
            {
                _limit ??= RetryHints.ParseCount(value);
            }
            else if (Is(name, "RateLimit-Remaining"))
            {
                _remaining ??= RetryHints.ParseCount(value);
            }
            else if (Is(name, "RateLimit-Reset"))
            {
                _reset ??= ParseReset(value, now);
            }
        }

        public readonly RateLimitInfo? Result() =>
            _limit is null && _remaining is null && _reset is null
                ? null
                : new RateLimitInfo { Limit = _limit, Remaining = _remaining, ResetsAt = _reset, ObservedAt = now };

        private static bool Is(string name, string standard) =>
            name.Equals(standard, StringComparison.OrdinalIgnoreCase)
            || (name.Length == standard.Length + 2 && name.StartsWith("X-", StringComparison.OrdinalIgnoreCase)
                && name.AsSpan(2).Equals(standard, StringComparison.OrdinalIgnoreCase));
    }
}
