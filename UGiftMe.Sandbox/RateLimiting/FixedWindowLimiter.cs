using System.Threading.RateLimiting;

namespace UGiftMe.Sandbox.RateLimiting;

/// <summary>
/// One partition's fixed window on the sandbox clock: <c>permitLimit</c> requests from the partition's first request
/// on, then a fresh allowance every <c>window</c>. ASP.NET Core's own fixed-window limiter turns its windows on the real
/// clock; this one reads <see cref="TimeProvider"/>, so a host's fake clock (<see cref="SandboxOptions.TimeProvider"/>)
/// decides when a window ends, not how fast the machine is.
/// </summary>
internal sealed class FixedWindowLimiter(TimeProvider time, int permitLimit, TimeSpan window) : RateLimiter
{
    private static readonly RateLimitLease Acquired = new Lease(null);
    private readonly object _gate = new();
    private readonly long _start = time.GetTimestamp();
    private long _windowIndex;
    private int _used;

    /// <summary>Never idle: the partition keeps its windows (and their start) for the host's lifetime.</summary>
    public override TimeSpan? IdleDuration => null;

    /// <summary>The time left in the current window.</summary>
    public TimeSpan UntilReset()
    {
        lock (_gate)
        {
            return window - CurrentWindow();
        }
    }

    public override RateLimiterStatistics GetStatistics()
    {
        lock (_gate)
        {
            CurrentWindow();
            return new RateLimiterStatistics { CurrentAvailablePermits = permitLimit - _used };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        lock (_gate)
        {
            var intoWindow = CurrentWindow();
            if (_used + Math.Max(permitCount, 1) > permitLimit)
            {
                return new Lease(window - intoWindow);
            }

            _used += permitCount;
            return Acquired;
        }
    }

    // No queue (the API answers 429 at once), so waiting for a permit is trying for one.
    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    /// <summary>Starts a new window if the clock has left the last one; returns how far the clock is into the current one.</summary>
    private TimeSpan CurrentWindow()
    {
        var elapsed = time.GetElapsedTime(_start).Ticks;
        var index = elapsed / window.Ticks;
        if (index != _windowIndex)
        {
            _windowIndex = index;
            _used = 0;
        }

        return TimeSpan.FromTicks(elapsed % window.Ticks);
    }

    /// <summary>Granted without metadata, or refused with the time until the window resets as <see cref="MetadataName.RetryAfter"/>.</summary>
    private sealed class Lease(TimeSpan? retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => retryAfter is null;

        public override IEnumerable<string> MetadataNames =>
            retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter is { } wait && metadataName == MetadataName.RetryAfter.Name ? wait : null;
            return metadata is not null;
        }
    }
}
