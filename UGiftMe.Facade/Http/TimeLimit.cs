namespace UGiftMe;

/// <summary>
/// A token cancelled by the caller's token or when a time limit on the client's clock runs out. It is one
/// <see cref="CancellationTokenSource"/> linked to the caller's token and cancelled by a timer, rather than a timed
/// source plus a second source linking the two (and no source at all when nothing could cancel it): every call makes
/// two of these, so the saved source and registration are a measurable share of an in-memory call's cost.
/// </summary>
internal readonly struct TimeLimit : IDisposable
{
    private readonly CancellationToken _outer;
    private readonly CancellationTokenSource? _source;
    private readonly ITimer? _timer;

    public TimeLimit(TimeSpan limit, TimeProvider time, CancellationToken outer)
    {
        _outer = outer;
        var limited = limit != Timeout.InfiniteTimeSpan;
        if (!limited && !outer.CanBeCanceled)
        {
            return;
        }

        _source = outer.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(outer) : new CancellationTokenSource();
        if (!limited)
        {
            return;
        }

        if (time == TimeProvider.System)
        {
            // What new CancellationTokenSource(limit, TimeProvider.System) does: the runtime's own timer.
            _source.CancelAfter(limit);
        }
        else
        {
            // What new CancellationTokenSource(limit, time) does for any other clock: one timer from that clock.
            _timer = time.CreateTimer(static state => CancelQuietly((CancellationTokenSource)state!), _source, limit, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>The token to pass on: cancelled by the caller or by the time limit.</summary>
    public CancellationToken Token => _source?.Token ?? _outer;

    /// <summary>True when the time limit, not the caller, cancelled <see cref="Token"/>.</summary>
    public bool Expired => _source is { IsCancellationRequested: true } && !_outer.IsCancellationRequested;

    public void Dispose()
    {
        _timer?.Dispose();
        _source?.Dispose();
    }

    // A timer of a custom clock may fire while the call ends and disposes the source; there is nothing left to cancel.
    private static void CancelQuietly(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
