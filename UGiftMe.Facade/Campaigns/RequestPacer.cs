namespace UGiftMe;

/// <summary>
/// The client's own request budget. Idle (and free) until a campaign switches it on; from then on every call of the
/// client waits for its turn here, so status polls and catalog reads share the key's allowance with the campaign.
/// The allowance left in the server's window (<c>RateLimit-Remaining</c> until <c>RateLimit-Reset</c>, minus the
/// requests still on their way) is spread evenly over the time left in that window; a 429's wait is honoured by every
/// caller. Without rate-limit headers it starts at the documented 100 requests a minute and adapts: slower after a
/// 429, a little faster after each answer that was not one, never faster than <see cref="FastestUnknownInterval"/>.
/// </summary>
internal sealed class RequestPacer(TimeProvider time)
{
    /// <summary>About the documented limit (100 a minute), the pace used while the server reports no limit.</summary>
    internal static readonly TimeSpan ConservativeInterval = TimeSpan.FromMilliseconds(600);

    /// <summary>The fastest pace without rate-limit headers: 240 requests a minute.</summary>
    internal static readonly TimeSpan FastestUnknownInterval = TimeSpan.FromMilliseconds(250);

    private readonly object _gate = new();
    private volatile bool _active;
    private DateTimeOffset _nextSlot = DateTimeOffset.MinValue;
    private DateTimeOffset? _resetsAt;
    private TimeSpan _window;
    private int? _limit;
    private int _left;
    private int _outstanding;
    private TimeSpan _unknownInterval = ConservativeInterval;
    private readonly TaskCompletionSource _firstAnswer = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _probes;

    /// <summary>How many answers were 429 since the pacer was switched on.</summary>
    public int RateLimitedCount { get; private set; }

    /// <summary>How many requests the pacer let through since it was switched on.</summary>
    public long Granted { get; private set; }

    /// <summary>How many granted requests are still on their way (neither answered nor given back).</summary>
    public int Outstanding
    {
        get
        {
            lock (_gate)
            {
                return _outstanding;
            }
        }
    }

    /// <summary>Paces every later call of the client; it stays on for the client's lifetime.</summary>
    public void Activate() => _active = true;

    /// <summary>Whether a campaign switched the pacer on: until then a call need not ask it (nor compile its wait).</summary>
    public bool IsActive => _active;

    /// <summary>
    /// Waits for the next free slot of the budget (at once while the pacer is off); a cancelled wait gives its slot back.
    /// Until the first answer arrives, only one request goes out: the others wait for what it reports, or
    /// <see cref="ConservativeInterval"/>. Every attempt of a paced call waits here, its retries too.
    /// </summary>
    /// <param name="longestWait">How long the call may wait (its <c>TotalTimeout</c>, or infinite).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>Null once the call may go; the wait it would need when that is longer than <paramref name="longestWait"/>
    /// (no slot is taken, and the call must not be sent).</returns>
    public async Task<TimeSpan?> WaitAsync(TimeSpan longestWait, CancellationToken cancellationToken)
    {
        if (!_active)
        {
            return null;
        }

        var asked = time.GetTimestamp();
        if (!_firstAnswer.Task.IsCompleted && Interlocked.Increment(ref _probes) > 1)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            await Task.WhenAny(_firstAnswer.Task, Task.Delay(ConservativeInterval, time, timeout.Token)).ConfigureAwait(false);
            timeout.Cancel();
            cancellationToken.ThrowIfCancellationRequested();
        }

        // The wait for the first answer counts toward the longest wait; a timer cannot wait longer than about 49 days.
        var left = longestWait - time.GetElapsedTime(asked);
        var (wait, taken) = NextSlot(longestWait == Timeout.InfiniteTimeSpan || longestWait > UGiftMeClientOptions.LongestTimer ? UGiftMeClientOptions.LongestTimer : left > TimeSpan.Zero ? left : TimeSpan.Zero);
        if (!taken)
        {
            return wait;
        }

        if (wait > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The call will not be sent: its slot goes back.
                Release();
                throw;
            }
        }

        return null;
    }

    /// <summary>Takes the next slot and returns how long until it, unless that is longer than <paramref name="longestWait"/>: then it takes none.</summary>
    private (TimeSpan Wait, bool Taken) NextSlot(TimeSpan longestWait)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (_resetsAt is { } reset && now >= reset)
            {
                // A new window began without an answer telling us so: assume its whole allowance.
                _left = (_limit ?? 0) - _outstanding;
                _resetsAt = _window > TimeSpan.Zero ? reset + TimeSpan.FromTicks(_window.Ticks * (((now - reset).Ticks / _window.Ticks) + 1)) : null;
            }

            var slot = _nextSlot > now ? _nextSlot : now;
            TimeSpan interval;
            if (_limit is null || _resetsAt is null)
            {
                interval = _unknownInterval;
            }
            else if (_left <= 0)
            {
                // Nothing left in this window: the first request of the next one, spaced evenly from there.
                slot = _resetsAt.Value > slot ? _resetsAt.Value : slot;
                interval = _window > TimeSpan.Zero && _limit > 0 ? TimeSpan.FromTicks(_window.Ticks / _limit.Value) : _unknownInterval;
            }
            else
            {
                interval = Spacing(_resetsAt.Value - slot, _left);
            }

            if (slot - now > longestWait)
            {
                return (slot - now, false);
            }

            _nextSlot = slot + interval;
            _left--;
            _outstanding++;
            Granted++;
            return (slot - now, true);
        }
    }

    private static TimeSpan Spacing(TimeSpan until, int left) =>
        until > TimeSpan.Zero && left > 0 ? TimeSpan.FromTicks(until.Ticks / left) : TimeSpan.Zero;

    /// <summary>
    /// Gives back the slot of a granted call that no answer reached (it failed in transport or timed out): it is no
    /// longer on its way, and otherwise would count against every later window's allowance.
    /// </summary>
    public void Release()
    {
        lock (_gate)
        {
            _outstanding = Math.Max(0, _outstanding - 1);
        }
    }

    /// <summary>
    /// One answer: its rate-limit state (read by the pipeline), on 429 the wait it asks for, and whether it answers an
    /// attempt the pacer granted a slot (which it gives back: every attempt of a paced call, its retries too, takes one).
    /// </summary>
    public void Observe(int status, RateLimitInfo? rateLimit, TimeSpan? waitRequested, bool releasesSlot)
    {
        if (!_active)
        {
            return;
        }

        lock (_gate)
        {
            _outstanding = releasesSlot ? Math.Max(0, _outstanding - 1) : _outstanding;
            var now = time.GetUtcNow();
            var halfWindow = TimeSpan.FromTicks(_window.Ticks / 2);
            // An answer from a window that has already ended (it was on its way while the window turned) is old news.
            if (rateLimit is { Limit: { } reported, Remaining: { } remaining, ResetsAt: { } resetsAt } && resetsAt > now
                && (_resetsAt is not { } turned || resetsAt >= turned - halfWindow))
            {
                var limit = reported;
                var firstReport = _limit is null;

                // Answers of one window arrive in any order: the allowance left only ever shrinks within it.
                var sameWindow = _resetsAt is { } known && resetsAt <= known + halfWindow;
                _limit = limit;
                _left = sameWindow ? Math.Min(_left, remaining - _outstanding) : remaining - _outstanding;
                _resetsAt = sameWindow && _resetsAt > resetsAt ? _resetsAt : resetsAt;
                var window = resetsAt - rateLimit.ObservedAt;
                _window = window > _window ? window : _window;
                // Slots planned at the pace without headers give way to the first pace reported; later answers only
                // change the spacing of the slots still to come (pulling them in would bunch them with those granted).
                var paced = now + Spacing(resetsAt - now, _left);
                _nextSlot = firstReport && paced < _nextSlot ? paced : _nextSlot;
            }
            else if (status != 429)
            {
                _unknownInterval = TimeSpan.FromTicks(Math.Max(FastestUnknownInterval.Ticks, (long)(_unknownInterval.Ticks * 0.95)));
            }

            _firstAnswer.TrySetResult();
            if (status == 429)
            {
                RateLimitedCount++;
                _unknownInterval = TimeSpan.FromTicks(Math.Min(_unknownInterval.Ticks * 2, TimeSpan.FromMinutes(1).Ticks));
                var resume = now + (waitRequested ?? _unknownInterval);
                _nextSlot = resume > _nextSlot ? resume : _nextSlot;
            }
        }
    }
}
