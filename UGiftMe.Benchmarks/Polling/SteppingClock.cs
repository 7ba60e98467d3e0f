using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace UGiftMe.Benchmarks.Polling;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that knows which of its timers are pending, so it can move time exactly to the
/// moment the code under test waits for (the same idea as <c>TestClock</c> in the tests). The client under it must
/// keep its attempt and total timeouts infinite, so the only pending timer is the polling delay.
/// </summary>
internal sealed class SteppingClock : FakeTimeProvider
{
    private static readonly TimeSpan RealTimeGuard = TimeSpan.FromSeconds(20);
    private readonly ConcurrentDictionary<TrackedTimer, DateTimeOffset> _pending = new();

    public SteppingClock()
        : base(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
        AutoAdvanceAmount = TimeSpan.Zero;
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var tracked = new TrackedTimer(this);
        tracked.Inner = base.CreateTimer(s => tracked.Fire(callback, s), state, dueTime, period);
        tracked.Schedule(dueTime);
        return tracked;
    }

    /// <summary>Runs <paramref name="task"/> to completion, moving fake time to each timer it waits on.</summary>
    public async Task<T> RunAsync<T>(Task<T> task, int maxTimers = 10_000)
    {
        for (var i = 0; i < maxTimers && !task.IsCompleted; i++)
        {
            var due = await WaitForPendingTimerAsync(task);
            if (!task.IsCompleted)
            {
                Advance(due);
            }
        }

        return task.IsCompleted ? await task : throw new TimeoutException($"The task did not complete after {maxTimers} timers.");
    }

    private async Task<TimeSpan> WaitForPendingTimerAsync(Task unlessCompleted)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (!_pending.IsEmpty)
            {
                var now = GetUtcNow();
                var next = _pending.Values.Min();
                return next > now ? next - now : TimeSpan.Zero;
            }

            if (unlessCompleted.IsCompleted)
            {
                return TimeSpan.Zero;
            }

            if (watch.Elapsed > RealTimeGuard)
            {
                throw new TimeoutException("The code under test never waited on a timer.");
            }

            await Task.Yield();
        }
    }

    private sealed class TrackedTimer(SteppingClock clock) : ITimer
    {
        public ITimer Inner { get; set; } = null!;

        public void Schedule(TimeSpan dueTime)
        {
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                clock._pending.TryRemove(this, out _);
            }
            else
            {
                clock._pending[this] = clock.GetUtcNow() + dueTime;
            }
        }

        // Polling delays are one-shot timers: once fired, nothing is pending until the next delay.
        public void Fire(TimerCallback callback, object? state)
        {
            clock._pending.TryRemove(this, out _);
            callback(state);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Schedule(dueTime);
            return Inner.Change(dueTime, period);
        }

        public void Dispose()
        {
            clock._pending.TryRemove(this, out _);
            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            clock._pending.TryRemove(this, out _);
            return Inner.DisposeAsync();
        }
    }
}
