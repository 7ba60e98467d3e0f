using System.Globalization;
using System.Net.Http.Headers;

namespace UGiftMe;

/// <summary>Reads how long a response asks the client to wait before trying again.</summary>
internal static class RetryHints
{
    /// <summary>
    /// <c>Retry-After</c> (seconds or an HTTP date) first, then <c>RateLimit-Reset</c> / <c>X-RateLimit-Reset</c>
    /// (delta or Unix time), the latter only on 429 where they mean "when you may send again".
    /// </summary>
    public static TimeSpan? WaitRequested(HttpResponseMessage response, DateTimeOffset now)
    {
        if (response.Headers.RetryAfter is RetryConditionHeaderValue retryAfter)
        {
            if (retryAfter.Delta is { } delta)
            {
                return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
            }

            if (retryAfter.Date is { } date)
            {
                var wait = date - now;
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }
        }
        else if (response.Headers.TryGetValues("Retry-After", out var raw)
            && double.TryParse(raw.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        if ((int)response.StatusCode != 429)
        {
            return null;
        }

        foreach (var name in new[] { "RateLimit-Reset", "X-RateLimit-Reset" })
        {
            if (response.Headers.TryGetValues(name, out var values) && RateLimitInfo.ParseReset(values.FirstOrDefault(), now) is { } resetAt)
            {
                var wait = resetAt - now;
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }
        }

        return null;
    }

    /// <summary>A <c>Retry-After</c> value (seconds, fractional allowed, or an HTTP date) as a wait from <paramref name="now"/>.</summary>
    public static TimeSpan? ParseRetryAfter(string? value, DateTimeOffset now)
    {
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return seconds >= 0 && !double.IsInfinity(seconds) ? TimeSpan.FromSeconds(seconds) : null;
        }

        return DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? (date > now ? date - now : TimeSpan.Zero)
            : null;
    }
}
