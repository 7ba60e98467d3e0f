using System.Collections.Concurrent;

namespace UGiftMe.Sandbox.RateLimiting;

/// <summary>
/// Every partition's <see cref="FixedWindowLimiter"/>, on the sandbox clock: the limiter the rate-limiting middleware
/// asks, and the one the <c>RateLimit-Reset</c> and <c>Retry-After</c> headers read, are the same. A partition's windows
/// start at its first request.
/// </summary>
internal sealed class RateLimitWindows(SandboxRateLimitOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, FixedWindowLimiter> _limiters = new(StringComparer.Ordinal);

    public FixedWindowLimiter For(string partition) =>
        _limiters.GetOrAdd(partition, _ => new FixedWindowLimiter(time, options.PermitLimit, options.Window));

    public int SecondsToReset(string partition) =>
        Math.Max(1, (int)Math.Ceiling(For(partition).UntilReset().TotalSeconds));
}
