using System.Globalization;

namespace UGiftMe.Http;

/// <summary>
/// The rate-limit state a response reported. UGiftMe does not document its header names, so both
/// <c>RateLimit-*</c> and <c>X-RateLimit-*</c> are read; a reset value is seconds from now, or a Unix time when it is
/// larger than a year of seconds.
/// </summary>
public sealed record RateLimitInfo
{
    private const long LargestDeltaSeconds = 365L * 24 * 60 * 60;

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
        int? limit = null, remaining = null;
        DateTimeOffset? reset = null;
        foreach (var (name, values) in headers)
        {
            var value = values.FirstOrDefault();
            switch (name.ToUpperInvariant())
            {
                case "RATELIMIT-LIMIT" or "X-RATELIMIT-LIMIT":
                    limit ??= ParseInt(value);
                    break;
                case "RATELIMIT-REMAINING" or "X-RATELIMIT-REMAINING":
                    remaining ??= ParseInt(value);
                    break;
                case "RATELIMIT-RESET" or "X-RATELIMIT-RESET":
                    reset ??= ParseReset(value, now);
                    break;
            }
        }

        return limit is null && remaining is null && reset is null
            ? null
            : new RateLimitInfo { Limit = limit, Remaining = remaining, ResetsAt = reset, ObservedAt = now };
    }

    /// <summary>
    /// Reads a reset header value: a delta in seconds, or a Unix time (seconds) when larger than a year.
    /// </summary>
    public static DateTimeOffset? ParseReset(string? value, DateTimeOffset now)
    {
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds < 0 || double.IsInfinity(seconds))
        {
            return null;
        }

        return seconds > LargestDeltaSeconds
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000))
            : now + TimeSpan.FromSeconds(seconds);
    }

    private static int? ParseInt(string? value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
}
