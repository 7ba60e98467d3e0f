using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace UGiftMe.Tests.TestSupport;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that knows which of its timers are still pending, so a test can move time exactly
/// to the moment the code under test is waiting for — no sleeps, no lost advances. Keep other timers (attempt and
/// total timeouts) infinite in tests that step through delays, so the only pending timer is the one awaited.
/// Free of NUnit, so the benchmarks' polling simulation links this same file.
/// </summary>
public sealed class TestClock : FakeTimeProvider
{
    private static readonly TimeSpan RealTimeGuard = TimeSpan.FromSeconds(20);
    private readonly ConcurrentDictionary<TrackedTimer, byte> _pending = new();

    public TestClock()
        : base(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
        AutoAdvanceAmount = TimeSpan.Zero;
    }

    /// <summary>Every finite due time asked for, in order (timeouts included), at creation or by a later Change.</summary>
    public ConcurrentQueue<TimeSpan> RequestedDelays { get; } = new();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            RequestedDelays.Enqueue(dueTime);
        }

        var tracked = new TrackedTimer(this);
        tracked.Inner = base.CreateTimer(s => tracked.Fire(callback, s), state, dueTime, period);
        tracked.Schedule(dueTime, period);
        return tracked;
    }

    /// <summary>The shortest time until a pending timer fires, or null when nothing waits.</summary>
    public TimeSpan? NextDue()
    {
        var now = GetUtcNow();
        var next = _pending.Keys.Select(timer => timer.DueAt).Where(due => due is not null).Min();
        return next is { } due ? (due > now ? due - now : TimeSpan.Zero) : null;
    }

    /// <summary>Waits (in real time, bounded) until the code under test waits on a timer, and returns its remaining time.</summary>
    public async Task<TimeSpan> WaitForPendingTimerAsync(Task? unlessCompleted = null)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (NextDue() is { } due)
            {
                return due;
            }

            if (unlessCompleted?.IsCompleted == true)
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

    /// <summary>Moves time to the next pending timer and lets it fire.</summary>
    public async Task AdvanceToNextTimerAsync()
    {
        Advance(await WaitForPendingTimerAsync());
    }

    /// <summary>Runs <paramref name="task"/> to completion, moving time to each timer it waits on.</summary>
    public async Task<T> RunAsync<T>(Task<T> task, int maxTimers = 10_000)
    {
        await RunAsync((Task)task, maxTimers);
        return await task;
    }

    /// <summary>Runs <paramref name="task"/> to completion, moving time to each timer it waits on.</summary>
    public async Task RunAsync(Task task, int maxTimers = 10_000)
    {
        for (var i = 0; i < maxTimers && !task.IsCompleted; i++)
        {
            var due = await WaitForPendingTimerAsync(task);
            if (!task.IsCompleted)
            {
                Advance(due);
            }
        }

        if (!task.IsCompleted)
        {
            throw new TimeoutException($"The task did not complete after {maxTimers} timers.");
        }

        await task.ConfigureAwait(false);
    }

    /// <summary>Waits (in real time, bounded) until <paramref name="condition"/> holds.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > RealTimeGuard)
            {
                throw new TimeoutException($"Timed out waiting until {what}.");
            }

            await Task.Yield();
        }
    }

    private sealed class TrackedTimer(TestClock clock) : ITimer
    {
        private readonly object _gate = new();

        public ITimer Inner { get; set; } = null!;

        public DateTimeOffset? DueAt { get; private set; }

        private TimeSpan _period;

        public void Schedule(TimeSpan dueTime, TimeSpan period)
        {
            lock (_gate)
            {
                _period = period;
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    DueAt = null;
                    clock._pending.TryRemove(this, out _);
                }
                else
                {
                    DueAt = clock.GetUtcNow() + dueTime;
                    clock._pending[this] = 0;
                }
            }
        }

        public void Fire(TimerCallback callback, object? state)
        {
            lock (_gate)
            {
                if (_period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero)
                {
                    DueAt = null;
                    clock._pending.TryRemove(this, out _);
                }
                else
                {
                    DueAt = clock.GetUtcNow() + _period;
                }
            }

            callback(state);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                clock.RequestedDelays.Enqueue(dueTime);
            }

            Schedule(dueTime, period);
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
