using System.Collections.Concurrent;
using System.Diagnostics;

namespace UGiftMe.Sandbox.RateLimiting;

/// <summary>
/// When each partition's window resets. The framework's fixed-window limiter keeps that to itself; its windows start
/// at a partition's first request and follow the real clock, so they are tracked the same way here.
/// </summary>
internal sealed class RateLimitWindows(TimeSpan window)
{
    private readonly ConcurrentDictionary<string, long> _starts = new(StringComparer.Ordinal);

    public int SecondsToReset(string partition)
    {
        var start = _starts.GetOrAdd(partition, _ => Stopwatch.GetTimestamp());
        var elapsed = Stopwatch.GetElapsedTime(start);
        var intoWindow = TimeSpan.FromTicks(elapsed.Ticks % window.Ticks);
        return Math.Max(1, (int)Math.Ceiling((window - intoWindow).TotalSeconds));
    }
}
