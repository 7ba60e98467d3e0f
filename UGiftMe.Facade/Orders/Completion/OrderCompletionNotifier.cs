using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

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
/// <para>With an <see cref="OrderCompletionChannel"/> (for example <c>AddRedisBackplane</c>), outcomes verified on one
/// instance complete waits on every instance. When the channel becomes unavailable, waits fall back to their normal
/// polling policy and a warning is logged; nothing throws. Thread-safe.</para>
/// </remarks>
public sealed partial class OrderCompletionNotifier
{
    /// <summary>How long an outcome nobody waits for yet is kept: 10 minutes.</summary>
    public static readonly TimeSpan DefaultEarlyEventRetention = TimeSpan.FromMinutes(10);

    private const int MaxEarlyEvents = 10_000;

    /// <summary>How long after a poll saw an outcome its webhook may still arrive and count as delivered, not lost.</summary>
    internal static readonly TimeSpan LateWebhookGrace = TimeSpan.FromSeconds(30);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, HashSet<TaskCompletionSource<OrderCompletionEvent>>> _waiters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (OrderCompletionEvent Completion, DateTimeOffset ExpiresAt)> _early = new(StringComparer.Ordinal);
    private readonly Queue<(string OrderRequestId, DateTimeOffset ExpiresAt)> _earlyOrder = new();
    private readonly Dictionary<string, DateTimeOffset> _polledFirst = new(StringComparer.Ordinal);
    private readonly OrderCompletionChannel? _channel;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _earlyEventRetention;
    private readonly ILogger _logger;
    private TaskCompletionSource _connectionChanged = NewSignal();
    private bool _lastConnected;
    private int _completedByWebhookInARow;

    /// <summary>Creates a notifier for this process, or for every instance when <paramref name="channel"/> is given.</summary>
    /// <param name="channel">Carries outcomes between instances; null for a single instance.</param>
    /// <param name="timeProvider">The clock for the early-event memory; defaults to <see cref="TimeProvider.System"/>.</param>
    /// <param name="loggerFactory">For the warning when the channel becomes unavailable.</param>
    /// <param name="earlyEventRetention">How long an outcome nobody waits for yet is kept; defaults to <see cref="DefaultEarlyEventRetention"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="earlyEventRetention"/> is not positive.</exception>
    public OrderCompletionNotifier(
        OrderCompletionChannel? channel = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null,
        TimeSpan? earlyEventRetention = null)
    {
        _earlyEventRetention = earlyEventRetention ?? DefaultEarlyEventRetention;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_earlyEventRetention, TimeSpan.Zero, nameof(earlyEventRetention));
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

    /// <summary>The number of outcomes kept for waits that have not started (for diagnostics).</summary>
    internal int EarlyEventCount
    {
        get
        {
            lock (_lock)
            {
                return _early.Count;
            }
        }
    }

    /// <summary>
    /// Whether the last <paramref name="required"/> waited-for orders were all completed by their webhook, so that a
    /// wait may poll only at the safety interval. While a poll has seen an outcome whose webhook has not come, the
    /// answer is no; once <see cref="LateWebhookGrace"/> passes without it, the count starts over.
    /// </summary>
    internal bool HasProvenItself(int required)
    {
        if (required <= 0)
        {
            return true;
        }

        lock (_lock)
        {
            ForgetLateWebhooks(_timeProvider.GetUtcNow());
            return _polledFirst.Count == 0 && _completedByWebhookInARow >= required;
        }
    }

    /// <summary>
    /// A poll saw the outcome of an order this notifier was waiting for before its webhook came: waits stop trusting
    /// webhooks at once, and those sleeping out the safety interval plan their next poll by the normal policy.
    /// </summary>
    internal void RecordPolledFirst(string orderRequestId)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            var now = _timeProvider.GetUtcNow();
            ForgetLateWebhooks(now);
            _polledFirst[orderRequestId] = now + LateWebhookGrace;
            changed = _connectionChanged;
            _connectionChanged = NewSignal();
        }

        changed.TrySetResult();
    }

    internal Task ConnectionChanged
    {
        get
        {
            lock (_lock)
            {
                return _connectionChanged.Task;
            }
        }
    }

    /// <summary>
    /// Hands a <b>verified</b> webhook to the waiting operations (and, with a channel, to every instance). Only
    /// <c>order.succeeded</c> and <c>order.failed</c> deliveries that are not test deliveries count; other events are
    /// ignored. Never throws because the channel failed: that is logged, and waits elsewhere keep polling.
    /// </summary>
    /// <param name="webhookEvent">An event returned by <see cref="WebhookVerifier.Verify(ReadOnlySpan{byte}, WebhookHeaders)"/>.</param>
    /// <param name="cancellationToken">Cancels publishing to the channel.</param>
    /// <returns>True when the event ended an order request and was handed on.</returns>
    public async ValueTask<bool> PublishAsync(WebhookEvent webhookEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(webhookEvent);
        var completion = webhookEvent switch
        {
            OrderSucceededWebhookEvent { IsTest: false } succeeded when !string.IsNullOrWhiteSpace(succeeded.OrderRequestId) =>
                new OrderCompletionEvent(succeeded.OrderRequestId, succeeded: true, orderId: succeeded.OrderId),
            OrderFailedWebhookEvent { IsTest: false } failed when !string.IsNullOrWhiteSpace(failed.OrderRequestId) =>
                new OrderCompletionEvent(failed.OrderRequestId, succeeded: false, error: failed.Error),
            _ => null,
        };
        if (completion is null)
        {
            return false;
        }

        Deliver(completion);
        if (_channel is not null)
        {
            try
            {
                await _channel.PublishAsync(completion, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                PublishFailed(_logger, e, completion.OrderRequestId);
            }
        }

        return true;
    }

    /// <summary>Starts listening for one order request; dispose the subscription when the wait ends.</summary>
    internal Subscription Subscribe(string orderRequestId)
    {
        var waiter = new TaskCompletionSource<OrderCompletionEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (_early.TryGetValue(orderRequestId, out var early) && early.ExpiresAt > _timeProvider.GetUtcNow())
            {
                waiter.TrySetResult(early.Completion);
                CountCompletedByWebhook();
            }
            else
            {
                if (!_waiters.TryGetValue(orderRequestId, out var set))
                {
                    _waiters[orderRequestId] = set = [];
                }

                set.Add(waiter);
            }
        }

        return new Subscription(this, orderRequestId, waiter);
    }

    internal void Deliver(OrderCompletionEvent completion)
    {
        HashSet<TaskCompletionSource<OrderCompletionEvent>>? waiters;
        lock (_lock)
        {
            var now = _timeProvider.GetUtcNow();
            _waiters.Remove(completion.OrderRequestId, out waiters);
            ForgetLateWebhooks(now);
            if (_polledFirst.Remove(completion.OrderRequestId) || waiters is { Count: > 0 })
            {
                CountCompletedByWebhook();
            }

            var expiresAt = now + _earlyEventRetention;
            _early[completion.OrderRequestId] = (completion, expiresAt);
            _earlyOrder.Enqueue((completion.OrderRequestId, expiresAt));
            while (_earlyOrder.TryPeek(out var oldest) && (oldest.ExpiresAt <= now || _early.Count > MaxEarlyEvents))
            {
                _earlyOrder.Dequeue();
                if (_early.TryGetValue(oldest.OrderRequestId, out var kept) && kept.ExpiresAt == oldest.ExpiresAt)
                {
                    _early.Remove(oldest.OrderRequestId);
                }
            }
        }

        foreach (var waiter in waiters ?? [])
        {
            waiter.TrySetResult(completion);
        }
    }

    internal void OnConnectionChanged()
    {
        TaskCompletionSource changed;
        bool connected;
        bool transition;
        lock (_lock)
        {
            changed = _connectionChanged;
            _connectionChanged = NewSignal();
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

        changed.TrySetResult();
    }

    private void Unsubscribe(string orderRequestId, TaskCompletionSource<OrderCompletionEvent> waiter)
    {
        lock (_lock)
        {
            if (_waiters.TryGetValue(orderRequestId, out var set) && set.Remove(waiter) && set.Count == 0)
            {
                _waiters.Remove(orderRequestId);
            }
        }
    }

    private void CountCompletedByWebhook()
    {
        if (_completedByWebhookInARow < int.MaxValue)
        {
            _completedByWebhookInARow++;
        }
    }

    /// <summary>Outcomes a poll saw whose webhook did not follow within the grace: lost webhooks, trust starts over.</summary>
    private void ForgetLateWebhooks(DateTimeOffset now)
    {
        if (_polledFirst.Count == 0)
        {
            return;
        }

        List<string>? lost = null;
        foreach (var (orderRequestId, deadline) in _polledFirst)
        {
            if (deadline <= now)
            {
                (lost ??= []).Add(orderRequestId);
            }
        }

        foreach (var orderRequestId in lost ?? [])
        {
            _polledFirst.Remove(orderRequestId);
            _completedByWebhookInARow = 0;
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning,
        Message = "UGiftMe order completion channel is unavailable: waiting orders fall back to their normal polling policy until it is back")]
    private static partial void ChannelUnavailable(ILogger logger);

    [LoggerMessage(EventId = 21, Level = LogLevel.Information,
        Message = "UGiftMe order completion channel is available again: waiting orders poll only as a safety net")]
    private static partial void ChannelRestored(ILogger logger);

    [LoggerMessage(EventId = 22, Level = LogLevel.Warning,
        Message = "UGiftMe order completion for {OrderRequestId} could not be sent to the other instances; they notice it by polling")]
    private static partial void PublishFailed(ILogger logger, Exception exception, string orderRequestId);

    /// <summary>One wait's interest in one order request.</summary>
    internal sealed class Subscription(OrderCompletionNotifier notifier, string orderRequestId, TaskCompletionSource<OrderCompletionEvent> waiter) : IDisposable
    {
        public Task<OrderCompletionEvent> Completion => waiter.Task;

        public OrderCompletionNotifier Notifier => notifier;

        public void Dispose() => notifier.Unsubscribe(orderRequestId, waiter);
    }
}
