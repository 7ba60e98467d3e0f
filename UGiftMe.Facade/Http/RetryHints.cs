using System.Globalization;
using System.Net.Http.Headers;

namespace UGiftMe;

/// <summary>
/// Reads the server's wait hints. None of these throws: a value that is garbage, negative, not finite or out of
/// range (a delta over a year, a time outside <see cref="DateTimeOffset"/>) is ignored, as if it were not sent.
/// </summary>
internal static class RetryHints
{
    private const double LargestDeltaSeconds = 365d * 24 * 60 * 60;

    // Unix times in seconds stay below this (the year 5138); larger values are Unix milliseconds.
    private const double LargestUnixSeconds = 1e11;

    private static readonly double LargestUnixMilliseconds = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    /// <summary>
    /// <c>Retry-After</c> first, then (on 429 only, where they mean "when you may send again") <c>RateLimit-Reset</c>
    /// and <c>X-RateLimit-Reset</c>; null when none is readable.
    /// </summary>
    public static TimeSpan? WaitRequested(HttpResponseMessage response, DateTimeOffset now)
    {
        if (ParseRetryAfter(First(response.Headers, "Retry-After"), now) is { } wait)
        {
            return wait;
        }

        if ((int)response.StatusCode != 429)
        {
            return null;
        }

        var reset = ParseReset(First(response.Headers, "RateLimit-Reset"), now) ?? ParseReset(First(response.Headers, "X-RateLimit-Reset"), now);
        return reset is { } at ? (at > now ? at - now : TimeSpan.Zero) : null;
    }

    /// <summary>A <c>Retry-After</c> value: seconds (fractions allowed) or an HTTP date, as a wait from <paramref name="now"/>.</summary>
    public static TimeSpan? ParseRetryAfter(string? value, DateTimeOffset now)
    {
        if (TryParseNumber(value, out var seconds))
        {
            return seconds <= LargestDeltaSeconds ? TimeSpan.FromSeconds(seconds) : null;
        }

        return ParseHttpDate(value) is { } date ? (date > now ? date - now : TimeSpan.Zero) : null;
    }

    /// <summary>A reset value: seconds from now (up to a year), a Unix time in seconds or milliseconds, or an HTTP date.</summary>
    public static DateTimeOffset? ParseReset(string? value, DateTimeOffset now)
    {
        if (!TryParseNumber(value, out var number))
        {
            return ParseHttpDate(value);
        }

        if (number <= LargestDeltaSeconds)
        {
            return TimeSpan.FromSeconds(number) is var delta && DateTimeOffset.MaxValue - now > delta ? now + delta : null;
        }

        var milliseconds = number <= LargestUnixSeconds ? number * 1000 : number;
        return milliseconds <= LargestUnixMilliseconds ? DateTimeOffset.FromUnixTimeMilliseconds((long)milliseconds) : null;
    }

    public static int? ParseCount(string? value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) && parsed >= 0 ? parsed : null;

    // Infinity reads as a number too, and then as out of range, as every larger-than-allowed number does; NaN is not >= 0.
    private static bool TryParseNumber(string? value, out double number) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out number) && number >= 0;

    private static DateTimeOffset? ParseHttpDate(string? value) =>
        RetryConditionHeaderValue.TryParse(value, out var parsed) ? parsed.Date : null;

    /// <summary>The first value of header <paramref name="name"/>, as sent; null when there is none.</summary>
    public static string? First(HttpResponseHeaders headers, string name)
    {
        if (headers.NonValidated.TryGetValues(name, out var values))
        {
            foreach (var value in values)
            {
                return value;
            }
        }

        return null;
    }
}
