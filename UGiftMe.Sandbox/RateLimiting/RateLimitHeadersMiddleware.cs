using System.Globalization;
using System.Threading.RateLimiting;

namespace UGiftMe.Sandbox.RateLimiting;

/// <summary>Adds <c>RateLimit-*</c> headers to answers the limiter let through (429s get theirs from OnRejected).</summary>
internal sealed class RateLimitHeadersMiddleware(
    RequestDelegate next,
    SandboxRateLimitOptions options,
    PartitionedRateLimiter<HttpContext> limiter,
    RateLimitWindows windows)
{
    public Task InvokeAsync(HttpContext context)
    {
        var reset = windows.SecondsToReset(RateLimitSetup.PartitionKey(context));
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            if (!headers.ContainsKey("RateLimit-Limit") && limiter.GetStatistics(context) is { } statistics)
            {
                headers["RateLimit-Limit"] = options.PermitLimit.ToString(CultureInfo.InvariantCulture);
                headers["RateLimit-Remaining"] =
                    Math.Max(0, statistics.CurrentAvailablePermits).ToString(CultureInfo.InvariantCulture);
                headers["RateLimit-Reset"] = reset.ToString(CultureInfo.InvariantCulture);
            }

            return Task.CompletedTask;
        });
        return next(context);
    }
}
