using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using UGiftMe.Models;

namespace UGiftMe;

/// <summary>
/// Completes waiting <see cref="OrderOperation{T}"/>s the moment a verified <c>order.succeeded</c> or
/// <c>order.failed</c> webhook arrives, instead of at the next poll. The webhook receiver of <c>UGiftMe.AspNetCore</c>
/// feeds it by itself; with your own <see cref="WebhookVerifier"/>, call <see cref="PublishAsync"/> with each
/// verified event. Give it to the client in <see cref="OrderPollingOptions.CompletionNotifier"/> (dependency injection
/// does this when the receiver is registered).
/// </summary>
/// <remarks>
/// <para>While it is connected, and once webhooks have proven themselves
/// (<see cref="OrderPollingOptions.WebhooksConfirmedBeforeSafetyInterval"/> orders in a row completed by their webhook),
/// a waiting operation polls only as a slow safety net (<see cref="OrderPollingOptions.WebhookSafetyInterval"/>).
/// Until then, and again after any order whose outcome only a poll saw, waits follow the normal policy. An outcome that arrives before anyone waits for it is
/// kept for <see cref="DefaultEarlyEventRetention"/> (at most 10,000 of them), so a wait that starts late still
/// completes at once.</para>
/// <para>Verified <c>order.queued</c> deliveries are remembered too: once the application has received one, a wait
/// that trusts webhooks and whose own <c>order.queued</c> has not come within
/// <see cref="OrderPollingOptions.QueuedWebhookTimeout"/> polls by the normal policy, and trust is revoked.</para>
/// <para>With an <see cref="OrderCompletionChannel"/> (for example <c>AddRedisBackplane</c>), outcomes verified on one
/// instance complete waits on every instance, and the trust (<see cref="Trust"/>) is shared when the channel shares it. When the channel becomes unavailable, waits fall back to their normal
/// polling policy and a warning is logged; nothing throws. Thread-safe.</para>
/// </remarks>
public sealed partial class OrderCompletionNotifier
{
    /// <summary>How long an outcome nobody waits for yet is kept: 10 minutes.</summary>
    public static readonly TimeSpan DefaultEarlyEventRetention = TimeSpan.FromMinutes(10);

    private const int MaxKeptRequests = 10_000;

    /// <summary>How long after a poll saw an outcome its webhook may still arrive and count as delivered, not lost.</summary>
    internal static readonly TimeSpan LateWebhookGrace = TimeSpan.FromSeconds(30);

    private const long Unlisted = long.MinValue;

    private readonly Lock _lock = new();
    // One record per order request (a value in the dictionary: an outcome nobody waits for costs no object), listed in
    // the order they expire (an entry whose record was kept again since is skipped), and the outcomes a poll saw before
    // their webhook, oldest first (few, and each ends with its webhook).
    private readonly Dictionary<string, OrderRequest> _requests = new(StringComparer.Ordinal);
    private readonly Queue<(string Id, long KeptAt)> _expiring = new();
    private readonly List<Suspicion> _suspicions = [];
    private readonly TimeSpan _retention;
    private readonly OrderCompletionChannel? _channel;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private TaskCompletionSource _connectionChanged = NewSignal();
    private bool _lastConnected;
    private bool _receivesQueued;
    private WebhookTrust _trust;

    /// <summary>Creates a notifier for this process, or for every instance when <paramref name="channel"/> is given.</summary>
    /// <param name="channel">Carries outcomes (and, if it shares it, the trust in webhooks) between instances; null for a single instance.</param>
    /// <param name="timeProvider">The clock for the early-event memory and the grace for late webhooks, both measured as
    /// elapsed time (<see cref="TimeProvider.GetTimestamp"/>), never on the wall clock; defaults to <see cref="TimeProvider.System"/>.</param>
    /// <param name="loggerFactory">For the warning when the channel becomes unavailable.</param>
    /// <param name="earlyEventRetention">How long an outcome nobody waits for yet is kept; defaults to <see cref="DefaultEarlyEventRetention"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="earlyEventRetention"/> is not positive.</exception>
    public OrderCompletionNotifier(
        OrderCompletionChannel? channel = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null,
        TimeSpan? earlyEventRetention = null)
    {
        _retention = earlyEventRetention ?? DefaultEarlyEventRetention;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_retention, TimeSpan.Zero, nameof(earlyEventRetention));
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)loggerFactory?.CreateLogger("UGiftMe.Orders.Completion") ?? NullLogger.Instance;
        _channel = channel;
        _lastConnected = IsConnected;
        channel?.Attach(this);
    }

    /// <summary>
    /// Whether verified outcomes currently reach this notifier: always for a single instance, and while the
    /// <see cref="OrderCompletionChannel"/> is available for several.
    /// </summary>
    public bool IsConnected => _channel?.IsAvailable ?? true;

    /// <summary>
    /// How far webhooks have proven themselves: the orders in a row completed by their webhook since trust was last
    /// revoked (for this application, or for the fleet when the channel shares it). Compare
    /// <see cref="WebhookTrust.CompletedInARow"/> with <see cref="OrderPollingOptions.WebhooksConfirmedBeforeSafetyInterval"/>.
    /// </summary>
    public WebhookTrust Trust => Swept(() => _trust);

    /// <summary>The number of outcomes kept for waits that have not started (for diagnostics).</summary>
    internal int EarlyEventCount => Swept(() => _requests.Values.Count(request => request.Ending != Ending.None));

    /// <summary>Whether this application is known to receive <c>order.queued</c>: one arrived since trust was last revoked for a missing one.</summary>
    internal bool ExpectsQueuedWebhook => Volatile.Read(ref _receivesQueued);

    /// <summary>Completes at the next change a safety wait must replan for: the connection, or trust revoked.</summary>
    internal Task ConnectionChanged => Volatile.Read(ref _connectionChanged).Task;

    /// <summary>
    /// Whether the last <paramref name="required"/> waited-for orders were all completed by their webhook, so that a
    /// wait may poll only at the safety interval. While a poll has seen an outcome whose webhook has not come, the
    /// answer is no; once <see cref="LateWebhookGrace"/> passes without it, trust is revoked and the count starts over.
    /// </summary>
    internal bool HasProvenItself(int required) =>
        required <= 0 || Swept(() => _suspicions.Count == 0 && _trust.CompletedInARow >= required);

    /// <summary>
    /// A poll saw the outcome of an order this notifier was waiting for before its webhook came: waits (on every
    /// instance, when the channel shares trust) stop trusting webhooks at once, and those sleeping out the safety
    /// interval plan their next poll by the normal policy.
    /// </summary>
    internal void RecordPolledFirst(string orderRequestId)
    {
        long? revoked;
        long epoch;
        lock (_lock)
        {
            var now = _timeProvider.GetTimestamp();
            revoked = ForgetLateWebhooks(now);
            epoch = _trust.Epoch;
            EndSuspicion(orderRequestId);
            Suspect(new Suspicion(orderRequestId, now, epoch, Own: true));
        }

        Share(revoked);
        if (_channel is not null)
        {
            _ = ShareAsync(() => _channel.PublishPolledFirstAsync(orderRequestId, epoch));
        }
    }

    /// <summary>
    /// A wait that trusted webhooks did not get its own <c>order.queued</c> within the timeout, though this application
    /// receives them: the webhook path may be broken. Trust is revoked (for the fleet, when shared), and stays off until
    /// webhooks prove themselves again; the watch for <c>order.queued</c> re-arms with the next one that arrives.
    /// </summary>
    /// <returns>False when the <c>order.queued</c> had arrived after all (here or, with a channel, on any instance).</returns>
    internal bool RecordQueuedMissing(string orderRequestId, TimeSpan timeout)
    {
        long? revoked;
        lock (_lock)
        {
            if (Get(orderRequestId, _timeProvider.GetTimestamp()).Queued)
            {
                return false;
            }

            _receivesQueued = false;
            revoked = Revoke();
            SignalChange();
        }

        QueuedWebhookMissing(_logger, orderRequestId, timeout);
        Share(revoked);
        return true;
    }

    /// <summary>
    /// Hands a <b>verified</b> webhook to the waiting operations (and, with a channel, to every instance).
    /// <c>order.succeeded</c> and <c>order.failed</c> deliveries that are not test deliveries end waits;
    /// <c>order.queued</c> is remembered, to tell a working webhook path from a broken one; other events are ignored.
    /// Never throws because the channel failed: that is logged, and waits elsewhere keep polling.
    /// </summary>
    /// <param name="webhookEvent">An event returned by <see cref="WebhookVerifier.Verify(ReadOnlySpan{byte}, WebhookHeaders)"/>.</param>
    /// <param name="cancellationToken">Cancels publishing to the channel.</param>
    /// <returns>True when the event ended an order request and was handed on.</returns>
    public ValueTask<bool> PublishAsync(WebhookEvent webhookEvent, CancellationToken cancellationToken = default)
    {
        // Not async, and what goes to the channel is captured in methods of its own: without a channel, publishing makes
        // no state machine and no closure.
        ArgumentNullException.ThrowIfNull(webhookEvent);
        if (webhookEvent is WebhookEvent<OrderQueuedEvent> { IsTest: false, Payload.OrderRequestId: { } queued } && !string.IsNullOrWhiteSpace(queued))
        {
            DeliverQueued(queued);
            return _channel is null ? new(false) : AfterAsync(ShareQueuedAsync(_channel, queued, cancellationToken), false);
        }

        // The outcome as values: an OrderCompletionEvent is made only for a wait or the channel.
        (string? Id, Ending Ending, string? OrderId, string? Error) outcome = webhookEvent switch
        {
            WebhookEvent<OrderSucceededEvent> { IsTest: false, Payload: var succeeded } => (succeeded.OrderRequestId, Ending.Succeeded, succeeded.Result?.OrderId, null),
            WebhookEvent<OrderFailedEvent> { IsTest: false, Payload: var failed } => (failed.OrderRequestId, Ending.Failed, null, failed.Error),
            _ => default,
        };
        if (string.IsNullOrWhiteSpace(outcome.Id))
        {
            return new(false);
        }

        var completion = _channel is null ? null : new OrderCompletionEvent(outcome.Id, outcome.Ending == Ending.Succeeded, outcome.OrderId, outcome.Error);
        Deliver(outcome.Id, outcome.Ending, outcome.OrderId, outcome.Error, completion);
        return _channel is null ? new(true) : AfterAsync(ShareCompletionAsync(_channel, completion!, cancellationToken), true);
    }

    /// <summary>Starts listening for one order request; dispose the subscription when the wait ends.</summary>
    internal Subscription Subscribe(string orderRequestId)
    {
        Task<OrderCompletionEvent> completion;
        bool early;
        lock (_lock)
        {
            var request = Get(orderRequestId, _timeProvider.GetTimestamp());
            early = request.Ending != Ending.None;
            if (early)
            {
                CountCompletedByWebhook();
                completion = Task.FromResult(request.OutcomeOf(orderRequestId));
            }
            else
            {
                request.Waiting++;
                completion = (request.Waits ??= new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }

            _requests[orderRequestId] = request;
        }

        Share(revokedFromEpoch: null, counted: early);
        return new Subscription(this, orderRequestId, completion);
    }

    internal void Deliver(OrderCompletionEvent completion) =>
        Deliver(completion.OrderRequestId, completion.Succeeded ? Ending.Succeeded : Ending.Failed, completion.OrderId, completion.Error, completion);

    private void Deliver(string orderRequestId, Ending ending, string? orderId, string? error, OrderCompletionEvent? completion)
    {
        long? revoked;
        bool counted;
        lock (_lock)
        {
            var now = _timeProvider.GetTimestamp();
            revoked = ForgetLateWebhooks(now);
            var request = Get(orderRequestId, now);
            // Only the instance that waited (or whose poll saw the outcome first) counts an order, so that a fleet
            // counts each order once.
            counted = EndSuspicion(orderRequestId) | request.Waiting > 0;
            if (counted)
            {
                CountCompletedByWebhook();
            }

            if (request.Ending == Ending.None)
            {
                (request.Ending, request.OrderId, request.Error, request.Outcome) = (ending, orderId, error, completion);
            }

            request.Waits?.TrySetResult(request.OutcomeOf(orderRequestId));
            (request.Waiting, request.Waits) = (0, null);
            Keep(orderRequestId, ref request, now);
        }

        Share(revoked, counted);
    }

    internal void DeliverQueued(string orderRequestId)
    {
        lock (_lock)
        {
            var now = _timeProvider.GetTimestamp();
            var request = Get(orderRequestId, now);
            _receivesQueued = request.Queued = true;
            Keep(orderRequestId, ref request, now);
        }
    }

    internal void ReceivePolledFirst(string orderRequestId, long epoch)
    {
        lock (_lock)
        {
            var now = _timeProvider.GetTimestamp();
            if (Get(orderRequestId, now).Ending == Ending.None && !_suspicions.Exists(suspicion => suspicion.OrderRequestId == orderRequestId))
            {
                Suspect(new Suspicion(orderRequestId, now, epoch, Own: false));
            }
        }
    }

    internal void ApplyTrust(WebhookTrust trust, bool replace)
    {
        lock (_lock)
        {
            if (!replace && !trust.IsLaterThan(_trust))
            {
                return;
            }

            // Only a revocation can make a planned safety wait unsafe; a growing count wakes nobody.
            var revoked = trust.Epoch != _trust.Epoch || trust.CompletedInARow < _trust.CompletedInARow;
            _trust = trust;
            if (revoked)
            {
                SignalChange();
            }
        }
    }

    internal void OnConnectionChanged()
    {
        bool connected;
        bool transition;
        lock (_lock)
        {
            SignalChange();
            connected = IsConnected;
            transition = connected != _lastConnected;
            _lastConnected = connected;
        }

        if (transition && connected)
        {
            ChannelRestored(_logger);
        }
        else if (transition)
        {
            ChannelUnavailable(_logger);
        }
    }

    private void Unsubscribe(string orderRequestId, Task<OrderCompletionEvent> completion)
    {
        lock (_lock)
        {
            // A wait that got its outcome was never counted as waiting, or stopped being when the outcome came; a record
            // with waits is never forgotten.
            if (!completion.IsCompleted && _requests.TryGetValue(orderRequestId, out var request))
            {
                if (--request.Waiting == 0)
                {
                    request.Waits = null;
                    Keep(orderRequestId, ref request, _timeProvider.GetTimestamp());
                }
                else
                {
                    _requests[orderRequestId] = request;
                }
            }
        }
    }

    /// <summary>
    /// The record of an order request (under the lock; a copy, stored again by whoever changes it), made and listed
    /// when new. Each record is kept for the retention after it was last touched (<see cref="Keep"/>; the oldest go
    /// first beyond the capacity): then its outcome and <c>order.queued</c> are forgotten, and so is the record unless
    /// waits hold it (the last to leave touches it again).
    /// </summary>
    private OrderRequest Get(string orderRequestId, long now)
    {
        while (_expiring.TryPeek(out var oldest) && (_timeProvider.GetElapsedTime(oldest.KeptAt, now) >= _retention || _requests.Count > MaxKeptRequests))
        {
            // Only a record's latest entry counts.
            if (_expiring.Dequeue() is var (id, keptAt) && _requests.TryGetValue(id, out var request) && request.KeptAt == keptAt)
            {
                if (request.Waiting == 0)
                {
                    _requests.Remove(id);
                }
                else
                {
                    _requests[id] = request with { Ending = Ending.None, OrderId = null, Error = null, Outcome = null, Queued = false, KeptAt = Unlisted };
                }
            }
        }

        if (!_requests.TryGetValue(orderRequestId, out var found))
        {
            found = new OrderRequest { KeptAt = Unlisted };
            Keep(orderRequestId, ref found, now);
        }

        return found;
    }

    /// <summary>
    /// Stores <paramref name="request"/> and keeps what is known of it for the retention from <paramref name="now"/>
    /// (listed once per instant: a record made and changed in one step is listed once).
    /// </summary>
    private void Keep(string orderRequestId, ref OrderRequest request, long now)
    {
        if (request.KeptAt != now)
        {
            request.KeptAt = now;
            _expiring.Enqueue((orderRequestId, now));
        }

        _requests[orderRequestId] = request;
    }

    /// <summary>A poll saw the outcome before its webhook: trust is suspended, and waits planned on it replan.</summary>
    private void Suspect(Suspicion suspicion)
    {
        _suspicions.Add(suspicion);
        SignalChange();
    }

    /// <summary>The webhook came, or a newer suspicion replaces the old: returns whether this instance's poll had seen it first.</summary>
    private bool EndSuspicion(string orderRequestId)
    {
        var own = false;
        for (var i = _suspicions.Count - 1; i >= 0; i--)
        {
            if (_suspicions[i].OrderRequestId == orderRequestId)
            {
                own |= _suspicions[i].Own;
                _suspicions.RemoveAt(i);
            }
        }

        return own;
    }

    private void CountCompletedByWebhook()
    {
        if (_trust.CompletedInARow < int.MaxValue)
        {
            _trust = _trust with { CompletedInARow = _trust.CompletedInARow + 1 };
        }
    }

    /// <summary>Starts a new epoch at zero; returns the epoch trust left, to share.</summary>
    private long Revoke()
    {
        _trust = new WebhookTrust(_trust.Epoch + 1, 0);
        return _trust.Epoch - 1;
    }

    /// <summary>Reads state under the lock once lost webhooks have revoked trust (and shares that revocation).</summary>
    private T Swept<T>(Func<T> read)
    {
        long? revoked;
        T value;
        lock (_lock)
        {
            revoked = ForgetLateWebhooks(_timeProvider.GetTimestamp());
            value = read();
        }

        Share(revoked);
        return value;
    }

    /// <summary>
    /// Outcomes a poll saw whose webhook did not follow within the grace: lost webhooks, so trust is revoked. A
    /// suspicion received from another instance revokes only if nothing revoked since (the other instance revokes too).
    /// </summary>
    private long? ForgetLateWebhooks(long now)
    {
        var revoke = false;
        while (_suspicions is [var oldest, ..] && _timeProvider.GetElapsedTime(oldest.Since, now) >= LateWebhookGrace)
        {
            _suspicions.RemoveAt(0);
            revoke |= oldest.Own || oldest.Epoch >= _trust.Epoch;
        }

        return revoke ? Revoke() : null;
    }

    /// <summary>Wakes the waits that planned by the connection or trust as it was (under the lock; their continuations run elsewhere).</summary>
    private void SignalChange()
    {
        var changed = _connectionChanged;
        Volatile.Write(ref _connectionChanged, NewSignal());
        changed.TrySetResult();
    }

    /// <summary>Shares a revocation (from the epoch trust left) and an order completed by its webhook, when there was one.</summary>
    private void Share(long? revokedFromEpoch, bool counted = false)
    {
        if (_channel is null)
        {
            return;
        }

        if (revokedFromEpoch is { } epoch)
        {
            _ = ShareRevocationAsync(_channel, epoch);
        }

        if (counted)
        {
            _ = ShareTrustAsync(() => _channel.CountCompletedByWebhookAsync());
        }
    }

    // Each lambda that captures a value has a method of its own, so that its closure is made only when it is used.
    private Task ShareRevocationAsync(OrderCompletionChannel channel, long epoch) => ShareTrustAsync(() => channel.RevokeTrustAsync(epoch));

    private Task ShareQueuedAsync(OrderCompletionChannel channel, string orderRequestId, CancellationToken cancellationToken) =>
        ShareAsync(() => channel.PublishQueuedAsync(orderRequestId, cancellationToken), cancellationToken: cancellationToken);

    private Task ShareCompletionAsync(OrderCompletionChannel channel, OrderCompletionEvent completion, CancellationToken cancellationToken) =>
        ShareAsync(() => channel.PublishAsync(completion, cancellationToken), completion.OrderRequestId, cancellationToken);

    private static async ValueTask<bool> AfterAsync(Task sharing, bool result)
    {
        await sharing.ConfigureAwait(false);
        return result;
    }

    private Task ShareTrustAsync(Func<Task<WebhookTrust?>> update) => ShareAsync(async () =>
    {
        if (await update().ConfigureAwait(false) is { } shared)
        {
            ApplyTrust(shared, replace: false);
        }
    });

    /// <summary>Sends to the channel; a failure is logged, never thrown (as a lost outcome when <paramref name="completedOrderRequestId"/> is given).</summary>
    private async Task ShareAsync(Func<Task> send, string? completedOrderRequestId = null, CancellationToken cancellationToken = default)
    {
        try
        {
            await send().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (completedOrderRequestId is null)
            {
                TrustNotShared(_logger, e);
            }
            else
            {
                PublishFailed(_logger, e, completedOrderRequestId);
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning,
        Message = "UGiftMe order completion channel is unavailable: waiting orders fall back to their normal polling policy until it is back")]
    private static partial void ChannelUnavailable(ILogger logger);

    [LoggerMessage(EventId = 21, Level = LogLevel.Information,
        Message = "UGiftMe order completion channel is available: once webhooks have proven themselves, waiting orders poll only as a safety net")]
    private static partial void ChannelRestored(ILogger logger);

    [LoggerMessage(EventId = 22, Level = LogLevel.Warning,
        Message = "UGiftMe order completion for {OrderRequestId} could not be sent to the other instances; they notice it by polling")]
    private static partial void PublishFailed(ILogger logger, Exception exception, string orderRequestId);

    [LoggerMessage(EventId = 23, Level = LogLevel.Warning,
        Message = "UGiftMe order.queued for {OrderRequestId} did not arrive within {Timeout}, though this application receives order.queued: " +
            "webhooks may have stopped, so waits poll by the normal policy until webhooks prove themselves again")]
    private static partial void QueuedWebhookMissing(ILogger logger, string orderRequestId, TimeSpan timeout);

    [LoggerMessage(EventId = 24, Level = LogLevel.Debug,
        Message = "UGiftMe webhook trust could not be shared with the other instances; each keeps its own until the channel is back")]
    private static partial void TrustNotShared(ILogger logger, Exception exception);

    /// <summary>
    /// A poll saw the outcome of <see cref="OrderRequestId"/> before its webhook at <see cref="Since"/> (a monotonic
    /// timestamp): for <see cref="LateWebhookGrace"/> after it, trust is suspended.
    /// </summary>
    private readonly record struct Suspicion(string OrderRequestId, long Since, long Epoch, bool Own);

    private enum Ending : byte
    {
        None,
        Succeeded,
        Failed,
    }

    /// <summary>
    /// Everything known about one order request: its verified outcome, kept for waits that start later (as values; the
    /// <see cref="OrderCompletionEvent"/> is made when a wait or the channel needs it); the task of the waits that wait
    /// for it (only while some do); whether its <c>order.queued</c> arrived; and when that was last kept (a monotonic
    /// timestamp, <see cref="Unlisted"/> while no entry of the expiry list stands for it).
    /// </summary>
    private record struct OrderRequest(
        Ending Ending, string? OrderId, string? Error, OrderCompletionEvent? Outcome,
        TaskCompletionSource<OrderCompletionEvent>? Waits, int Waiting, bool Queued, long KeptAt)
    {
        /// <summary>The outcome as an event (made once, when first asked for); only when <see cref="Ending"/> is set.</summary>
        public OrderCompletionEvent OutcomeOf(string orderRequestId) =>
            Outcome ??= new OrderCompletionEvent(orderRequestId, Ending == Ending.Succeeded, OrderId, Error);
    }

    /// <summary>One wait's interest in one order request.</summary>
    internal sealed class Subscription(OrderCompletionNotifier notifier, string orderRequestId, Task<OrderCompletionEvent> completion) : IDisposable
    {
        public Task<OrderCompletionEvent> Completion => completion;

        public OrderCompletionNotifier Notifier => notifier;

        public void Dispose() => notifier.Unsubscribe(orderRequestId, completion);
    }
}
