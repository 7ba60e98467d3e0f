using Microsoft.Extensions.Logging;

namespace UGiftMe.AspNetCore;

/// <summary>
/// Keeps the claims of the handlers that are running, so a retry that arrives meanwhile gets 409 however long a handler
/// takes: one delivery never runs twice at once. One timer serves every claim held, renewing each at least every third
/// of the store's claim timeout, so a delivery whose handler returns at once costs no timer of its own. Only a process
/// that dies (or loses the store for longer than the timeout) lets its claims expire.
/// </summary>
internal sealed class ClaimRenewals(IWebhookDeduplicationStore store, TimeProvider timeProvider, ILogger logger)
{
    private static readonly TimeSpan MinimumInterval = TimeSpan.FromMilliseconds(10);

    private readonly HashSet<Renewal> _held = [];
    private readonly Lock _lock = new();
    private ITimer? _timer;
    private bool _renewing;

    private TimeSpan Interval => store.ClaimTimeout / 3 > MinimumInterval ? store.ClaimTimeout / 3 : MinimumInterval;

    /// <summary>Starts keeping <paramref name="claim"/> until <see cref="StopAsync"/>.</summary>
    public Renewal Start(WebhookDeliveryClaim claim, string eventName)
    {
        var renewal = new Renewal(claim, eventName, timeProvider.GetTimestamp());
        lock (_lock)
        {
            if (_held.Add(renewal) && _held.Count == 1 && !_renewing)
            {
                _timer ??= CreateTimer();
                _timer.Change(Interval, Timeout.InfiniteTimeSpan);
            }
        }

        return renewal;
    }

    /// <summary>Stops keeping a claim and waits for its renewal in flight, so it cannot land after the outcome is recorded.</summary>
    public async ValueTask StopAsync(Renewal renewal)
    {
        Task? inFlight;
        lock (_lock)
        {
            _held.Remove(renewal);
            if (_held.Count == 0 && !_renewing)
            {
                _timer!.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }

            inFlight = renewal.InFlight;
        }

        if (inFlight is not null)
        {
            await renewal.Stop!.CancelAsync().ConfigureAwait(false);
            await inFlight.ConfigureAwait(false);
            renewal.Stop.Dispose();
        }
    }

    // Made without the first request's execution context, which it would otherwise keep alive for the app's lifetime.
    private ITimer CreateTimer()
    {
        using (ExecutionContext.SuppressFlow())
        {
            return timeProvider.CreateTimer(static renewals => ((ClaimRenewals)renewals!).RenewAll(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    private void RenewAll()
    {
        Renewal[] held;
        lock (_lock)
        {
            _renewing = true;
            held = [.. _held];
            foreach (var renewal in held)
            {
                renewal.Stop ??= new CancellationTokenSource();
                renewal.InFlight = RenewAsync(renewal, renewal.Stop.Token);
            }
        }

        _ = RearmAfterAsync(held);
    }

    private async Task RearmAfterAsync(Renewal[] held)
    {
        foreach (var renewal in held)
        {
            await renewal.InFlight!.ConfigureAwait(false);
        }

        lock (_lock)
        {
            _renewing = false;
            if (_held.Count > 0)
            {
                _timer!.Change(Interval, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>Renews one claim; never throws. The store is called off the timer's lock.</summary>
    private async Task RenewAsync(Renewal renewal, CancellationToken stop)
    {
        await Task.Yield();
        var key = renewal.Claim.IdempotencyKey;
        try
        {
            if (!await store.RenewAsync(renewal.Claim, stop).ConfigureAwait(false))
            {
                UGiftMeWebhookLog.ClaimLost(logger, renewal.EventName, key);
                lock (_lock)
                {
                    _held.Remove(renewal);
                }

                return;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e)
        {
            UGiftMeWebhookLog.ClaimRenewalFailed(logger, e, renewal.EventName, key);
            return;
        }

        var timeout = store.ClaimTimeout;
        if (!renewal.Outlasted && timeProvider.GetElapsedTime(renewal.Started) >= timeout)
        {
            renewal.Outlasted = true;
            UGiftMeWebhookLog.HandlerOutlastsClaimTimeout(logger, renewal.EventName, key, timeout);
        }
    }

    /// <summary>One claim kept while its handler runs.</summary>
    internal sealed class Renewal(WebhookDeliveryClaim claim, string eventName, long started)
    {
        public WebhookDeliveryClaim Claim { get; } = claim;

        public string EventName { get; } = eventName;

        public long Started { get; } = started;

        public bool Outlasted { get; set; }

        /// <summary>Cancels the renewal in flight; made at the first renewal, so a quick handler never needs one.</summary>
        public CancellationTokenSource? Stop { get; set; }

        public Task? InFlight { get; set; }
    }
}
