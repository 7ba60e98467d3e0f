using System.Runtime.CompilerServices;
using Newtonsoft.Json.Linq;
using UGiftMe.Models;

namespace UGiftMe;

/// <summary>
/// An order create that may finish later. UGiftMe answers a create either with the finished order (201: the operation
/// is already complete and never polls) or with a queued order request (202: the operation polls
/// <c>GET /orders/order-requests/{id}</c> until it succeeds or fails). <see cref="OrderRequestId"/> is the token to
/// resume it from another process. Not thread-safe: one caller waits on an operation at a time.
/// </summary>
/// <typeparam name="T">The result: <see cref="BusinessOrder"/> for a single order, <see cref="BulkOrderResult"/> for bulk.</typeparam>
public class OrderOperation<T>
    where T : class
{
    private readonly OrderOperationDriver<T> _driver = null!;
    private readonly OrderPollingOptions _polling = null!;
    private readonly DateTimeOffset _startedAt;
    // The shared generator by default: thread-safe, nothing to allocate or seed per operation (seeding a new Random
    // reads /dev/urandom on Linux, a system call per order create, and most operations never poll).
    private readonly Random _random = Random.Shared;
    private T? _value;
    private TimeSpan? _lastServerWait;

    internal OrderOperation(OrderOperationDriver<T> driver, OrderPollingOptions polling, T value, ResponseMetadata createResponse)
    {
        _driver = driver;
        _polling = polling;
        _random = polling.Random ?? Random.Shared;
        _value = value;
        Status = OrderRequestStatuses.Succeeded;
        CreateResponse = createResponse;
        _startedAt = driver.TimeProvider.GetUtcNow();
    }

    internal OrderOperation(OrderOperationDriver<T> driver, OrderPollingOptions polling, string orderRequestId, string status, ResponseMetadata? createResponse)
    {
        _driver = driver;
        _polling = polling;
        _random = polling.Random ?? Random.Shared;
        OrderRequestId = orderRequestId;
        Status = status;
        CreateResponse = createResponse;
        _startedAt = driver.TimeProvider.GetUtcNow();
    }

    /// <summary>For mocking in tests.</summary>
    protected OrderOperation()
    {
        Status = OrderRequestStatuses.Queued;
    }

    /// <summary>The order request to poll or resume; null when the order was created at once (201).</summary>
    public virtual string? OrderRequestId { get; }

    /// <summary>The last status seen: <c>queued</c>, <c>processing</c>, <c>succeeded</c>, <c>failed</c> or a newer value.</summary>
    public virtual string Status { get; private set; }

    /// <summary>True once the status is <c>succeeded</c> or <c>failed</c>.</summary>
    public virtual bool HasCompleted => OrderRequestStatuses.IsTerminal(Status);

    /// <summary>True when the order(s) exist and <see cref="Value"/> can be read.</summary>
    public virtual bool HasValue => _value is not null;

    /// <summary>The created order(s). Throws while the operation is running or when it failed.</summary>
    public virtual T Value => _value ?? throw new InvalidOperationException(
        HasCompleted
            ? $"Order request {OrderRequestId} failed; WaitForCompletionAsync throws the failure with its reason."
            : $"Order request {OrderRequestId} is still '{Status}'; await WaitForCompletionAsync first.");

    /// <summary>The metadata of the create call (status 201 or 202, idempotency key, retries); null for a resumed operation.</summary>
    public virtual ResponseMetadata? CreateResponse { get; }

    /// <summary>The <c>Idempotency-Key</c> the create was sent with; null for a resumed operation.</summary>
    public virtual string? IdempotencyKey => CreateResponse?.IdempotencyKey;

    /// <summary>The last queue-status body read, when the operation has polled.</summary>
    public virtual OrderRequest? LastRequestState { get; private set; }

    /// <summary>How many status polls this operation has sent.</summary>
    public virtual int PollCount { get; private set; }

    /// <summary>Polls once (unless already complete) and returns the status seen.</summary>
    public virtual async Task<OrderStatusUpdate> UpdateStatusAsync(CancellationToken cancellationToken = default)
    {
        if (OrderRequestId is null || HasCompleted)
        {
            return CurrentUpdate();
        }

        PollCount++;
        var result = await _driver.GetRequestAsync(OrderRequestId, cancellationToken).ConfigureAwait(false);
        LastRequestState = result.Value;
        Status = result.Value.Status ?? Status;
        if (string.Equals(Status, OrderRequestStatuses.Succeeded, StringComparison.OrdinalIgnoreCase))
        {
            _value = await _driver.ReadResultAsync(result.Value, cancellationToken).ConfigureAwait(false);
        }

        _lastServerWait = result.Metadata.Headers.TryGetValue("Retry-After", out var retryAfter) && retryAfter.Count > 0
            ? RetryHints.ParseRetryAfter(retryAfter[0], _driver.TimeProvider.GetUtcNow())
            : null;
        return CurrentUpdate();
    }

    /// <summary>
    /// Waits until the order(s) exist and returns them, polling only if UGiftMe queued the request. Throws
    /// <see cref="InsufficientFundsException"/> or <see cref="OrderFailedException"/> when the request failed, and
    /// <see cref="OrderWaitTimeoutException"/> after <see cref="OrderPollingOptions.Timeout"/>. Transient errors while
    /// polling are retried, not reported as a failure.
    /// </summary>
    public virtual async Task<T> WaitForCompletionAsync(CancellationToken cancellationToken = default)
    {
        await foreach (var _ in WatchAsync(cancellationToken).ConfigureAwait(false))
        {
        }

        return _value ?? throw OrderOperationDriver<T>.Failure(OrderRequestId!, LastRequestState ?? new OrderRequest(), IdempotencyKey);
    }

    /// <summary>
    /// Yields each new status (queued → processing → succeeded or failed) as it is seen, then ends; a failure is
    /// yielded, not thrown. An unknown status is yielded and treated as still running. With webhooks connected
    /// (<see cref="OrderPollingOptions.CompletionNotifier"/>) a verified <c>order.succeeded</c> / <c>order.failed</c>
    /// ends the wait at once; once webhooks have proven themselves
    /// (<see cref="OrderPollingOptions.WebhooksConfirmedBeforeSafetyInterval"/>) polls wait
    /// <see cref="OrderPollingOptions.WebhookSafetyInterval"/> first.
    /// </summary>
    public virtual async IAsyncEnumerable<OrderStatusUpdate> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var time = _driver.TimeProvider;
        string? lastYielded = null;
        var resumed = CreateResponse is null && LastRequestState is null;
        if (!resumed)
        {
            lastYielded = Status;
            yield return CurrentUpdate();
        }

        var notifier = HasCompleted || OrderRequestId is null ? null : _polling.CompletionNotifier ?? _driver.Notifier;
        var subscription = notifier?.Subscribe(OrderRequestId!);
        // Only an outcome that appeared while this wait watched it running says its webhook was late or lost.
        var sawRunning = !resumed;
        try
        {
            // Webhooks connected: the first poll waits out the safety interval (a resumed operation still asks at once).
            // Whole milliseconds: timers fire at millisecond resolution, and a sub-millisecond rest must not count as a wait.
            var safetyUntil = (resumed ? time.GetUtcNow() : _startedAt)
                + TimeSpan.FromMilliseconds(Math.Round(_polling.WebhookSafetyInterval.TotalMilliseconds * (1 - (_polling.Jitter * _random.NextDouble()))));
            var safetyPlanned = false;
            var delay = resumed ? TimeSpan.Zero : NextDelay(notifier, safetyUntil, serverWait: null, out safetyPlanned);
            var plannedAt = time.GetUtcNow() + delay;
            // A trusted wait of a fresh 202 expects its own order.queued soon, if this application receives them.
            DateTimeOffset? queuedCheckAt = safetyPlanned && _polling.QueuedWebhookTimeout != Timeout.InfiniteTimeSpan && notifier!.ExpectsQueuedWebhook
                ? _startedAt + _polling.QueuedWebhookTimeout
                : null;
            while (!HasCompleted)
            {
                var checkFirst = safetyPlanned && queuedCheckAt < plannedAt;
                var wake = await WaitAsync(checkFirst ? queuedCheckAt!.Value - time.GetUtcNow() : delay, subscription, cancellationToken).ConfigureAwait(false);
                if (wake == Wake.Time && checkFirst)
                {
                    queuedCheckAt = null;
                    if (!notifier!.HasSeenQueued(OrderRequestId!))
                    {
                        // Revokes trust, so the replan below follows the normal policy.
                        notifier.RecordQueuedMissing(OrderRequestId!, _polling.QueuedWebhookTimeout);
                        wake = Wake.ConnectionChanged;
                    }
                    else
                    {
                        delay = plannedAt - time.GetUtcNow();
                        continue;
                    }
                }

                if (wake == Wake.ConnectionChanged)
                {
                    // Only a safety wait that is no longer safe is replanned; any other plan keeps its time, so that
                    // frequent changes cannot keep pushing a poll back.
                    var replanned = NextDelay(notifier, safetyUntil, serverWait: null, out var safetyNow);
                    delay = safetyPlanned && !safetyNow ? replanned : plannedAt - time.GetUtcNow();
                    safetyPlanned = safetyPlanned && safetyNow;
                    plannedAt = time.GetUtcNow() + delay;
                    continue;
                }

                if (wake == Wake.Completion)
                {
                    var completion = await subscription!.Completion.ConfigureAwait(false);
                    subscription.Dispose();
                    subscription = null;
                    notifier = null;
                    await ApplyAsync(completion, cancellationToken).ConfigureAwait(false);
                }

                TimeSpan? serverWait = null;
                UGiftMeException? transient = null;
                if (!HasCompleted)
                {
                    try
                    {
                        await UpdateStatusAsync(cancellationToken).ConfigureAwait(false);
                        serverWait = _lastServerWait;
                        if (HasCompleted && sawRunning && subscription is not null)
                        {
                            subscription.Notifier.RecordPolledFirst(OrderRequestId!);
                        }

                        sawRunning = true;
                    }
                    catch (UGiftMeException exception) when (IsTransient(exception))
                    {
                        transient = exception;
                        serverWait = (exception as RateLimitedException)?.RetryAfter;
                    }
                }

                if (!string.Equals(lastYielded, Status, StringComparison.Ordinal))
                {
                    lastYielded = Status;
                    yield return CurrentUpdate();
                }

                if (HasCompleted)
                {
                    yield break;
                }

                var waited = time.GetUtcNow() - _startedAt;
                if (waited >= _polling.Timeout)
                {
                    throw new OrderWaitTimeoutException(
                        $"Order request {OrderRequestId} was still '{Status}' after OrderPollingOptions.Timeout ({_polling.Timeout}). It was not cancelled: " +
                        $"raise the timeout, or resume later with client.Orders.Resume(\"{OrderRequestId}\").",
                        OrderRequestId!, Status, new ErrorContext { IdempotencyKey = IdempotencyKey }, transient);
                }

                delay = NextDelay(notifier, safetyUntil, serverWait, out safetyPlanned);
                plannedAt = time.GetUtcNow() + delay;
            }
        }
        finally
        {
            subscription?.Dispose();
        }
    }

    private enum Wake
    {
        Time,
        Completion,
        ConnectionChanged,
    }

    /// <summary>
    /// The wait before the next poll: what is left of the safety interval while webhooks are connected and proven, otherwise the
    /// normal policy (the initial delay before the first poll), stretched by a server's wait hint, within the timeout.
    /// </summary>
    private TimeSpan NextDelay(OrderCompletionNotifier? notifier, DateTimeOffset safetyUntil, TimeSpan? serverWait, out bool safety)
    {
        var now = _driver.TimeProvider.GetUtcNow();
        var waited = now - _startedAt;
        TimeSpan delay;
        if (notifier is { IsConnected: true } && safetyUntil - now >= TimeSpan.FromMilliseconds(1)
            && notifier.HasProvenItself(_polling.WebhooksConfirmedBeforeSafetyInterval))
        {
            safety = true;
            delay = safetyUntil - now;
        }
        else
        {
            safety = false;
            delay = PollCount == 0 ? _polling.InitialDelay - waited : _polling.NextInterval(waited, _random.NextDouble());
            if (serverWait is { } wait && wait > delay)
            {
                delay = wait < _driver.MaxRetryAfter ? wait : _driver.MaxRetryAfter;
            }
        }

        var remaining = _polling.Timeout - waited;
        return delay < remaining ? delay : remaining;
    }

    /// <summary>Waits for the delay, a verified outcome of this request, or a change of the webhooks' connection.</summary>
    private async Task<Wake> WaitAsync(TimeSpan delay, OrderCompletionNotifier.Subscription? subscription, CancellationToken cancellationToken)
    {
        var time = _driver.TimeProvider;
        if (subscription is null)
        {
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }

            return Wake.Time;
        }

        var connected = subscription.Notifier.IsConnected;
        var connectionChanged = subscription.Notifier.ConnectionChanged;
        if (subscription.Completion.IsCompleted)
        {
            return Wake.Completion;
        }

        if (delay <= TimeSpan.Zero)
        {
            return Wake.Time;
        }

        if (subscription.Notifier.IsConnected != connected)
        {
            return Wake.ConnectionChanged;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timer = Task.Delay(delay, time, stop.Token);
        var first = await Task.WhenAny(timer, subscription.Completion, connectionChanged).ConfigureAwait(false);
        if (first == timer)
        {
            await timer.ConfigureAwait(false);
            return Wake.Time;
        }

        await stop.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return first == subscription.Completion ? Wake.Completion : Wake.ConnectionChanged;
    }

    /// <summary>
    /// Ends the wait from a verified webhook: a failure as reported; a single order by fetching it by the event's order
    /// id. A bulk result, or a success without an order id, is read by the status poll that follows.
    /// </summary>
    private async Task ApplyAsync(OrderCompletionEvent completion, CancellationToken cancellationToken)
    {
        if (!completion.Succeeded)
        {
            LastRequestState = new OrderRequest { OrderRequestId = OrderRequestId!, Status = OrderRequestStatuses.Failed, Error = completion.Error };
            Status = OrderRequestStatuses.Failed;
            return;
        }

        if (completion.OrderId is { } orderId && typeof(T) == typeof(BusinessOrder))
        {
            var request = new OrderRequest
            {
                OrderRequestId = OrderRequestId!,
                Status = OrderRequestStatuses.Succeeded,
                Result = new JObject { ["orderId"] = orderId },
            };
            _value = await _driver.ReadResultAsync(request, cancellationToken).ConfigureAwait(false);
            LastRequestState = request;
            Status = OrderRequestStatuses.Succeeded;
        }
    }

    private static bool IsTransient(UGiftMeException exception) =>
        exception is UGiftMeTransportException or ServerErrorException or RateLimitedException || exception.StatusCode == 408;

    private OrderStatusUpdate CurrentUpdate() =>
        new(OrderRequestId, Status, _driver.TimeProvider.GetUtcNow(), LastRequestState);
}
