using Microsoft.Extensions.Time.Testing;
using UGiftMe.Sandbox;

namespace UGiftMe.Testing;

/// <summary>
/// The clock a <see cref="UGiftMeSandbox"/> and the clients it configures share. It wraps the
/// <see cref="SandboxOptions.TimeProvider"/> given at start (a <see cref="FakeTimeProvider"/> in tests that control
/// time, or the system clock) and sees every timer armed through it: the sandbox's own (its order worker, webhook
/// retries and latency) and those of the code under test (the SDK's retry backoff, <c>Retry-After</c> waits and polls,
/// your app's timers). <see cref="WaitForTimerAsync(TimeSpan, CancellationToken)"/> tells a test when the code under
/// test is waiting on the clock, so it can <see cref="Advance"/> it without racing that code; the sandbox's own timers
/// never match it (they have their own signals: <see cref="SandboxTraffic.WaitForDelayedRequestAsync"/>,
/// <see cref="SandboxWebhooks"/>' waits, and queued orders whose timers exist once the create has returned).
/// </summary>
public sealed class SandboxClock : TimeProvider
{
    private readonly TimeProvider _inner;
    private readonly Lock _gate = new();
    private readonly List<ObservedTimer> _armed = [];
    private readonly List<(Func<TimeSpan, bool> Match, TaskCompletionSource Signal)> _waiters = [];

    internal SandboxClock(TimeProvider inner)
    {
        _inner = inner;
        ForSandbox = new SandboxView(this);
    }

    /// <summary>
    /// This clock as the sandbox server runs on it: its timers are pending and fire like any other, but
    /// <see cref="WaitForTimerAsync(Func{TimeSpan, bool}, CancellationToken)"/> never waits for them.
    /// </summary>
    internal TimeProvider ForSandbox { get; }

    /// <summary>The <see cref="FakeTimeProvider"/> behind this clock, or <see langword="null"/> on the system clock.</summary>
    public FakeTimeProvider? Fake => _inner as FakeTimeProvider;

    /// <summary>Whether time only moves when a test moves it (the sandbox was started with a <see cref="FakeTimeProvider"/>).</summary>
    public bool IsControlled => _inner is FakeTimeProvider;

    /// <summary>
    /// How far ahead each timer armed now is due, the sandbox's own included, soonest first (timers that have fired or
    /// were disposed are gone).
    /// </summary>
    public IReadOnlyList<TimeSpan> PendingTimers
    {
        get
        {
            var now = _inner.GetUtcNow();
            lock (_gate)
            {
                return [.. _armed.Select(t => t.DueAt - now).Order()];
            }
        }
    }

    /// <inheritdoc/>
    public override TimeZoneInfo LocalTimeZone => _inner.LocalTimeZone;

    /// <inheritdoc/>
    public override long TimestampFrequency => _inner.TimestampFrequency;

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow() => _inner.GetUtcNow();

    /// <inheritdoc/>
    public override long GetTimestamp() => _inner.GetTimestamp();

    /// <summary>Moves a controlled clock forward, firing every timer that falls due, in order.</summary>
    /// <param name="delta">How far; not negative.</param>
    /// <exception cref="InvalidOperationException">The sandbox runs on the system clock.</exception>
    public void Advance(TimeSpan delta) =>
        (Fake ?? throw new InvalidOperationException(
            "The sandbox runs on the system clock. Start it with SandboxOptions.TimeProvider = new FakeTimeProvider() to move time.")).Advance(delta);

    /// <summary>
    /// Completes once a timer of the code under test (the SDK's clients, your app; never the sandbox's own) armed for
    /// exactly <paramref name="dueTime"/> from the moment it was armed is pending: for example the SDK waiting out a
    /// <c>Retry-After: 5</c>. Then <see cref="Advance"/> by that much fires it.
    /// </summary>
    /// <param name="dueTime">The delay the awaited code asked for.</param>
    /// <param name="cancellationToken">Gives up waiting.</param>
    /// <returns>A task that completes when such a timer is armed.</returns>
    public Task WaitForTimerAsync(TimeSpan dueTime, CancellationToken cancellationToken = default) =>
        WaitForTimerAsync(armedFor => armedFor == dueTime, cancellationToken);

    /// <summary>
    /// Completes once a pending timer of the code under test (the SDK's clients, your app; never the sandbox's own, such
    /// as its order worker's) has a delay, as asked for when it was armed, that matches <paramref name="dueTime"/>: for
    /// example <c>d =&gt; d &lt; TimeSpan.FromSeconds(10)</c> for the SDK's retry backoff, whose jitter makes the exact
    /// delay unknown.
    /// </summary>
    /// <param name="dueTime">Tested against the delay of each timer armed now and of each timer armed later.</param>
    /// <param name="cancellationToken">Gives up waiting.</param>
    /// <returns>A task that completes when such a timer is armed.</returns>
    public Task WaitForTimerAsync(Func<TimeSpan, bool> dueTime, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dueTime);
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_armed.Any(timer => !timer.IsSandboxs && dueTime(timer.ArmedFor)))
            {
                return Task.CompletedTask;
            }

            _waiters.Add((dueTime, signal));
        }

        return cancellationToken.CanBeCanceled ? signal.Task.WaitAsync(cancellationToken) : signal.Task;
    }

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        CreateTimer(callback, state, dueTime, period, isSandboxs: false);

    private ObservedTimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period, bool isSandboxs)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var observed = new ObservedTimer(this, callback, state, isSandboxs);
        observed.Inner = _inner.CreateTimer(static s => ((ObservedTimer)s!).Fire(), observed, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        observed.Change(dueTime, period);
        return observed;
    }

    private void Armed(ObservedTimer timer, TimeSpan dueTime)
    {
        lock (_gate)
        {
            timer.ArmedFor = dueTime;
            timer.DueAt = _inner.GetUtcNow() + dueTime;
            if (!_armed.Contains(timer))
            {
                _armed.Add(timer);
            }
        }
    }

    // Called once the inner timer is really armed, so a test released here can advance the clock past it at once.
    private void Signal(ObservedTimer timer)
    {
        List<TaskCompletionSource> released = [];
        lock (_gate)
        {
            if (timer.IsSandboxs || !_armed.Contains(timer))
            {
                return; // the sandbox's own (no test waits for it), or it fired (or was disposed) while being armed
            }

            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(timer.ArmedFor))
                {
                    released.Add(_waiters[i].Signal);
                    _waiters.RemoveAt(i);
                }
            }
        }

        foreach (var signal in released)
        {
            signal.TrySetResult();
        }
    }

    private void Disarmed(ObservedTimer timer)
    {
        lock (_gate)
        {
            _armed.Remove(timer);
        }
    }

    private sealed class ObservedTimer(SandboxClock clock, TimerCallback callback, object? state, bool isSandboxs) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public ITimer Inner { get; set; } = null!;

        public bool IsSandboxs { get; } = isSandboxs;

        public TimeSpan ArmedFor { get; set; }

        public DateTimeOffset DueAt { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _period = period;
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                clock.Disarmed(this);
            }
            else
            {
                clock.Armed(this, dueTime);
            }

            var changed = Inner.Change(dueTime, period);
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                clock.Signal(this);
            }

            return changed;
        }

        public void Fire()
        {
            if (_period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero)
            {
                clock.Disarmed(this);
            }
            else
            {
                clock.Armed(this, _period);
                clock.Signal(this);
            }

            callback(state);
        }

        public void Dispose()
        {
            clock.Disarmed(this);
            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            clock.Disarmed(this);
            return Inner.DisposeAsync();
        }
    }

    // The sandbox server's clock: the same time and timers, its timers marked as the sandbox's own.
    private sealed class SandboxView(SandboxClock clock) : TimeProvider
    {
        public override TimeZoneInfo LocalTimeZone => clock.LocalTimeZone;

        public override long TimestampFrequency => clock.TimestampFrequency;

        public override DateTimeOffset GetUtcNow() => clock.GetUtcNow();

        public override long GetTimestamp() => clock.GetTimestamp();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            clock.CreateTimer(callback, state, dueTime, period, isSandboxs: true);
    }
}
