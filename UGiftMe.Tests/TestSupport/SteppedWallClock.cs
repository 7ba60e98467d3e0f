namespace UGiftMe.Tests.TestSupport;

/// <summary>
/// A clock whose wall time (<see cref="GetUtcNow"/>) can be stepped without moving elapsed time
/// (<see cref="GetTimestamp"/> and timers, kept by the wrapped <see cref="TestClock"/>), and whose elapsed time can move
/// without the wall time: what an NTP correction, a manual clock change or a resumed VM do to a real machine.
/// A FakeTimeProvider alone moves both together and never goes back.
/// </summary>
public sealed class SteppedWallClock(TestClock elapsed) : TimeProvider
{
    private long _offsetTicks;

    /// <summary>The clock that keeps elapsed time and runs the timers.</summary>
    public TestClock Elapsed => elapsed;

    public override TimeZoneInfo LocalTimeZone => elapsed.LocalTimeZone;

    public override long TimestampFrequency => elapsed.TimestampFrequency;

    public override DateTimeOffset GetUtcNow() => elapsed.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override long GetTimestamp() => elapsed.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        elapsed.CreateTimer(callback, state, dueTime, period);

    /// <summary>Steps the wall clock (either way); elapsed time and timers do not move.</summary>
    public void StepWallClock(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    /// <summary>Lets <paramref name="by"/> of elapsed time pass (timers fire) while the wall clock shows the same time.</summary>
    public void AdvanceElapsedOnly(TimeSpan by)
    {
        Interlocked.Add(ref _offsetTicks, -by.Ticks);
        elapsed.Advance(by);
    }
}
