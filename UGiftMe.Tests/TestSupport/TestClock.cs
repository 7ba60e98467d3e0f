using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace UGiftMe.Tests.TestSupport;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that knows which of its timers are still pending, so a test can move time exactly
/// to the moment the code under test is waiting for — no sleeps, no lost advances. Keep other timers (attempt and
/// total timeouts) infinite in tests that step through delays, so the only pending timer is the one awaited.
/// <see cref="RunParkedAsync(Task, Func{int})"/> also waits until the work a timer released is parked again. Free of NUnit, so
/// the benchmarks' polling simulation links this same file.
/// </summary>
public sealed class TestClock : FakeTimeProvider
{
    private readonly ConcurrentDictionary<TrackedTimer, byte> _pending = new();
    private TaskCompletionSource _changed = NewSignal();

    // Held while time moves and while a timer is armed: a timer's recorded due time and the inner timer's are then
    // computed from the same now. Without it, a Change on another thread could record now + d, then arm the inner
    // timer after an advance, at a later now + d: the timer looked due, an advance to it fired nothing, and a run
    // stepped on the spot until its timer budget ran out. Reentrant, so a timer armed by a callback an advance runs
    // on this thread does not deadlock.
    private readonly object _timeGate = new();
    private long _firings;
    private long _parkings;
    private int _requestsBeingServed;

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

        var tracked = new TrackedTimer(this, period);
        lock (_timeGate)
        {
            tracked.Inner = base.CreateTimer(s => tracked.Fire(callback, s), state, dueTime, period);
            tracked.Schedule(dueTime, period, initial: true);
        }

        return tracked;
    }

    /// <summary>Moves time by <paramref name="delta"/>, firing the timers due by then, while no timer is being armed.</summary>
    public new void Advance(TimeSpan delta)
    {
        lock (_timeGate)
        {
            base.Advance(delta);
        }
    }

    /// <summary>How many timers are pending: scheduled and not yet fired, changed to infinite or disposed.</summary>
    public int PendingTimerCount => _pending.Count;

    /// <summary>The shortest time until a pending timer fires, or null when nothing waits.</summary>
    public TimeSpan? NextDue()
    {
        var now = GetUtcNow();
        var next = _pending.Keys.Select(timer => timer.DueAt).Where(due => due is not null).Min();
        return next is { } due ? (due > now ? due - now : TimeSpan.Zero) : null;
    }

    /// <summary>
    /// Waits until the code under test waits on a timer (or <paramref name="unlessCompleted"/> ends), and returns the
    /// timer's remaining time. Woken by the timers themselves, never by a real-time budget: a slow, busy machine only
    /// makes it later, never wrong. A test that never reaches a timer hangs, and the test run's hang timeout reports it.
    /// </summary>
    public async Task<TimeSpan> WaitForPendingTimerAsync(Task? unlessCompleted = null)
    {
        while (true)
        {
            // Taken before looking, so a timer scheduled in between still wakes this wait.
            var scheduled = _changed;
            if (NextDue() is { } due)
            {
                return due;
            }

            if (unlessCompleted?.IsCompleted == true)
            {
                return TimeSpan.Zero;
            }

            await (unlessCompleted is null ? scheduled.Task : Task.WhenAny(scheduled.Task, unlessCompleted)).ConfigureAwait(false);
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

            if (due == TimeSpan.Zero)
            {
                // A timer that was already due: let the continuations it released run before looking again.
                await Task.Yield();
            }
        }

        if (!task.IsCompleted)
        {
            var now = GetUtcNow();
            var pending = _pending.Keys.Select(timer => timer.DueAt).Where(due => due is not null).Select(due => due!.Value - now).Order().Take(10);
            throw new TimeoutException($"The task did not complete after {maxTimers} timers; the clock stands at {now:O} with {_pending.Count} timer(s) pending, the next due in {string.Join(", ", pending)}.");
        }

        await task.ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="task"/> to completion one timer at a time (<see cref="AdvanceToNextTimerAndSettleAsync"/>):
    /// time moves only while the code under test is parked, so every request reaches the fake server at the instant
    /// its timer fired, however slowly a busy machine carries it there. The fake server, or the transport in front of
    /// it, must report each request with <see cref="ServeRequest"/>. Only the work timers release is waited for: a
    /// caller an answer releases may simply end, which no event would show.
    /// </summary>
    /// <param name="task">The work under test.</param>
    /// <param name="callersToPark">How many callers must be parked (each on a timer) before time moves, for work an
    /// answer releases: such a caller may go on to wait on a timer or simply end, which only the test knows.</param>
    public async Task<T> RunParkedAsync<T>(Task<T> task, Func<int>? callersToPark = null)
    {
        await RunParkedAsync((Task)task, callersToPark);
        return await task;
    }

    /// <inheritdoc cref="RunParkedAsync{T}(Task{T}, Func{int})"/>
    public async Task RunParkedAsync(Task task, Func<int>? callersToPark = null)
    {
        while (!task.IsCompleted)
        {
            await AdvanceToNextTimerAndSettleAsync(task, callersToPark);
        }

        await task;
    }

    /// <summary>
    /// Waits until the code under test waits on a timer and no request is being served
    /// (<see cref="ServeRequest"/>), moves time to the timer that is due first, and then waits until the work its firing
    /// released is parked again: each fired timer is matched by a timer scheduled or a request served, unless
    /// <paramref name="task"/> finished first. Woken by those events alone, never by a real-time budget.
    /// </summary>
    /// <param name="task">The work under test.</param>
    /// <param name="callersToPark">See <see cref="RunParkedAsync{T}(Task{T}, Func{int})"/>.</param>
    public async Task AdvanceToNextTimerAndSettleAsync(Task task, Func<int>? callersToPark = null)
    {
        await WaitForPendingTimerAsync(task);
        await WaitUntilSignalledAsync(
            () => Volatile.Read(ref _requestsBeingServed) == 0 && (callersToPark is null || PendingTimerCount >= callersToPark()), task);
        // A request served meanwhile may have replaced the timer that was due first (or released its waiter).
        if (task.IsCompleted || NextDue() is not { } due)
        {
            return;
        }

        var parkedBefore = Interlocked.Read(ref _parkings);
        var firedBefore = Interlocked.Read(ref _firings);
        Advance(due);
        var parkedWhenSettled = parkedBefore + (Interlocked.Read(ref _firings) - firedBefore);
        await WaitUntilSignalledAsync(() => Interlocked.Read(ref _parkings) >= parkedWhenSettled, task);
    }

    /// <summary>
    /// Called by a fake server (or the transport in front of it) when a request reaches it: the work that sent it is
    /// parked there, and time stands still until the returned scope ends with the answer.
    /// </summary>
    public IDisposable ServeRequest()
    {
        Interlocked.Increment(ref _requestsBeingServed);
        Interlocked.Increment(ref _parkings);
        SignalChanged();
        return new ServedRequest(this);
    }

    /// <summary>
    /// Waits until <paramref name="condition"/> holds, for state that signals nothing (a subscription, a poll count).
    /// No real-time budget (a hang is the test run's hang timeout to report); <paramref name="what"/> says what is awaited.
    /// </summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        ArgumentException.ThrowIfNullOrEmpty(what);
        while (!condition())
        {
            await Task.Yield();
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void SignalChanged() => Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();

    /// <summary>
    /// Waits until <paramref name="condition"/> holds (or <paramref name="unlessCompleted"/> ends), looking again each
    /// time a timer is armed or a request is served: for a condition on the timers, such as which one is due next.
    /// </summary>
    public async Task WaitUntilSignalledAsync(Func<bool> condition, Task unlessCompleted)
    {
        while (true)
        {
            // Taken before looking, so an event in between still wakes this wait.
            var changed = _changed;
            if (condition() || unlessCompleted.IsCompleted)
            {
                return;
            }

            await Task.WhenAny(changed.Task, unlessCompleted).ConfigureAwait(false);
        }
    }

    private sealed class ServedRequest(TestClock clock) : IDisposable
    {
        private int _ended;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                Interlocked.Decrement(ref clock._requestsBeingServed);
                clock.SignalChanged();
            }
        }
    }

    private sealed class TrackedTimer(TestClock clock, TimeSpan period) : ITimer
    {
        private readonly object _gate = new();

        public ITimer Inner { get; set; } = null!;

        public DateTimeOffset? DueAt { get; private set; }

        private TimeSpan _period = period;

        // A one-shot timer may fire (an Advance on another thread) between its creation and its first Schedule: it must
        // not then be recorded as pending, or NextDue would report a timer that never fires again.
        private bool _fired;
        private bool _disposed;

        public void Schedule(TimeSpan dueTime, TimeSpan period, bool initial = false)
        {
            lock (_gate)
            {
                if ((initial && _fired) || _disposed)
                {
                    return;
                }

                _fired = false;
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

            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                Interlocked.Increment(ref clock._parkings);
                clock.SignalChanged();
            }
        }

        public void Fire(TimerCallback callback, object? state)
        {
            Interlocked.Increment(ref clock._firings);
            lock (_gate)
            {
                if (_period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero)
                {
                    _fired = true;
                    DueAt = null;
                    clock._pending.TryRemove(this, out _);
                }
                else
                {
                    // A periodic timer is parked again on its next period at once.
                    DueAt = clock.GetUtcNow() + _period;
                    Interlocked.Increment(ref clock._parkings);
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

            bool changed;
            lock (clock._timeGate)
            {
                Schedule(dueTime, period);
                changed = Inner.Change(dueTime, period);
            }

            if (changed)
            {
                return true;
            }

            // The inner timer was disposed: it will never fire, so it must not stay pending.
            Forget();
            return false;
        }

        public void Dispose()
        {
            Forget();
            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Forget();
            return Inner.DisposeAsync();
        }

        private void Forget()
        {
            lock (_gate)
            {
                _disposed = true;
                DueAt = null;
                clock._pending.TryRemove(this, out _);
            }
        }
    }
}
