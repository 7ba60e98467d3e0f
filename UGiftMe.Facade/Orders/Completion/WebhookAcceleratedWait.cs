namespace UGiftMe;

/// <summary>
/// The wait between polls of an <see cref="OrderOperation{T}"/> while an <see cref="OrderCompletionNotifier"/> is
/// connected: it ends early with the verified outcome a webhook delivers, and once webhooks have proven themselves it
/// sleeps out <see cref="OrderPollingOptions.WebhookSafetyInterval"/> instead of the normal policy, checks that the
/// request's own <c>order.queued</c> arrived, and replans when the webhooks' connection or trust changes. Otherwise it
/// waits as the operation's normal policy says. Once it has delivered the outcome it stops listening, and the operation
/// waits by its normal policy alone. Times are measured on the monotonic clock since the request was accepted.
/// </summary>
internal sealed class WebhookAcceleratedWait : IDisposable
{
    private readonly TimeProvider _time;
    private readonly OrderPollingOptions _polling;
    private readonly long _startedAt;
    private readonly TimeSpan _safetyUntil;
    private readonly string _orderRequestId;
    private readonly Func<TimeSpan?, TimeSpan> _normalDelay;
    private OrderCompletionNotifier.Subscription? _subscription;
    private TimeSpan _plannedAt;
    private bool _safetyPlanned;
    private TimeSpan? _queuedCheckAt;
    private bool _sawRunning;

    /// <param name="notifier">The connected webhooks.</param>
    /// <param name="orderRequestId">The request followed.</param>
    /// <param name="polling">The operation's polling settings.</param>
    /// <param name="time">The client's clock.</param>
    /// <param name="startedAt">When the request was accepted (a timestamp of <paramref name="time"/>).</param>
    /// <param name="resumed">Resumed from elsewhere: poll at once, and measure the safety interval from now.</param>
    /// <param name="random">The jitter's source.</param>
    /// <param name="normalDelay">The operation's normal policy: the wait before the next poll, given a server's wait hint.</param>
    public WebhookAcceleratedWait(OrderCompletionNotifier notifier, string orderRequestId, OrderPollingOptions polling, TimeProvider time, long startedAt, bool resumed, Random random, Func<TimeSpan?, TimeSpan> normalDelay)
    {
        _time = time;
        _polling = polling;
        _startedAt = startedAt;
        _orderRequestId = orderRequestId;
        _normalDelay = normalDelay;
        _subscription = notifier.Subscribe(orderRequestId);
        // Only an outcome that appeared while this wait watched it running says its webhook was late or lost.
        _sawRunning = !resumed;
        // Whole milliseconds: timers fire at millisecond resolution, and a sub-millisecond rest must not count as a wait.
        _safetyUntil = (resumed ? Waited : TimeSpan.Zero)
            + TimeSpan.FromMilliseconds(Math.Round(polling.WebhookSafetyInterval.TotalMilliseconds * (1 - (polling.Jitter * random.NextDouble()))));
        _plannedAt = resumed ? Waited : Waited + NextDelay(serverWait: null, out _safetyPlanned);
        // A trusted wait of a fresh 202 expects its own order.queued soon, if this application receives them.
        _queuedCheckAt = _safetyPlanned && polling.QueuedWebhookTimeout != Timeout.InfiniteTimeSpan && notifier.ExpectsQueuedWebhook
            ? polling.QueuedWebhookTimeout
            : null;
    }

    /// <summary>False once the outcome was delivered: the rest of the wait is the operation's normal policy.</summary>
    public bool IsListening => _subscription is not null;

    private TimeSpan Waited => _time.GetElapsedTime(_startedAt);

    /// <summary>Waits until the next poll is due (null), or returns the verified outcome a webhook delivered first.</summary>
    public async Task<OrderCompletionEvent?> WaitAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var checkQueued = _safetyPlanned && _queuedCheckAt < _plannedAt;
            var due = await WaitUntilAsync(checkQueued ? _queuedCheckAt!.Value : _plannedAt, cancellationToken).ConfigureAwait(false);
            // A verified outcome that arrived by now wins over a timer that fired at the same moment: it saves the poll.
            if (_subscription!.Completion.IsCompleted)
            {
                var completion = await _subscription.Completion.ConfigureAwait(false);
                Dispose();
                return completion;
            }

            if (due && !checkQueued)
            {
                return null;
            }

            if (due)
            {
                _queuedCheckAt = null;
                // A missing order.queued revokes trust, so the replan below follows the normal policy.
                if (!_subscription.Notifier.RecordQueuedMissing(_orderRequestId, _polling.QueuedWebhookTimeout))
                {
                    continue;
                }
            }

            // Only a safety wait that is no longer safe is replanned; any other plan keeps its time, so that frequent
            // connection changes cannot keep pushing a poll back.
            if (_safetyPlanned)
            {
                var replanned = NextDelay(serverWait: null, out var safetyNow);
                if (!safetyNow)
                {
                    _plannedAt = Waited + replanned;
                }

                _safetyPlanned = safetyNow;
            }
        }
    }

    /// <summary>Plans the next poll after one that saw the request <paramref name="completed"/> or not (or failed, and was asked to wait <paramref name="serverWait"/>).</summary>
    public void Polled(bool completed, TimeSpan? serverWait)
    {
        if (completed && _sawRunning && _subscription is not null)
        {
            _subscription.Notifier.RecordPolledFirst(_orderRequestId);
        }

        _sawRunning = true;
        _plannedAt = Waited + NextDelay(serverWait, out _safetyPlanned);
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _subscription = null;
    }

    /// <summary>What is left of the safety interval while webhooks are connected and proven (within the timeout); otherwise the normal policy.</summary>
    private TimeSpan NextDelay(TimeSpan? serverWait, out bool safety)
    {
        var waited = Waited;
        safety = _subscription?.Notifier is { IsConnected: true } notifier && _safetyUntil - waited >= TimeSpan.FromMilliseconds(1)
            && notifier.HasProvenItself(_polling.WebhooksConfirmedBeforeSafetyInterval);
        if (!safety)
        {
            return _normalDelay(serverWait);
        }

        var remaining = _polling.Timeout - waited;
        return _safetyUntil - waited < remaining ? _safetyUntil - waited : remaining;
    }

    /// <summary>
    /// Waits until <paramref name="due"/> (time since acceptance: true), a verified outcome, or a change of the
    /// webhooks' connection (false).
    /// </summary>
    private async Task<bool> WaitUntilAsync(TimeSpan due, CancellationToken cancellationToken)
    {
        var delay = due - Waited;
        var notifier = _subscription!.Notifier;
        var connected = notifier.IsConnected;
        var connectionChanged = notifier.ConnectionChanged;
        if (_subscription.Completion.IsCompleted || delay <= TimeSpan.Zero || notifier.IsConnected != connected)
        {
            return delay <= TimeSpan.Zero;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timer = Task.Delay(delay, _time, stop.Token);
        if (await Task.WhenAny(timer, _subscription.Completion, connectionChanged).ConfigureAwait(false) == timer)
        {
            await timer.ConfigureAwait(false);
            return true;
        }

        await stop.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return false;
    }
}
