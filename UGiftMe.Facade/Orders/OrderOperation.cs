using System.Runtime.CompilerServices;
using Newtonsoft.Json.Linq;
using UGiftMe.Generated;
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
    private readonly UGiftMePipeline _pipeline = null!;
    private readonly OrderReader<T> _reader = null!;
    private readonly OrderPollingOptions _polling = null!;
    private readonly long _startedAt;
    private T? _value;
    private TimeSpan? _lastServerWait;

    /// <param name="pipeline">The client's one send, for the status polls.</param>
    /// <param name="reader">Turns an outcome into <typeparamref name="T"/>.</param>
    /// <param name="polling">How to follow a queued request.</param>
    /// <param name="createResponse">The create's answer; null for a resumed operation.</param>
    /// <param name="value">The order(s), when the create made them at once (201).</param>
    /// <param name="orderRequestId">The queued request to follow (202 or resumed).</param>
    /// <param name="status">The queued request's last known status.</param>
    internal OrderOperation(UGiftMePipeline pipeline, OrderReader<T> reader, OrderPollingOptions polling, ResponseMetadata? createResponse, T? value = null, string? orderRequestId = null, string? status = null)
    {
        _pipeline = pipeline;
        _reader = reader;
        _polling = polling;
        CreateResponse = createResponse;
        _value = value;
        OrderRequestId = orderRequestId;
        Status = value is null ? status ?? OrderRequestStatuses.Queued : OrderRequestStatuses.Succeeded;
        _startedAt = pipeline.Client.TimeProvider.GetTimestamp();
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

    /// <summary>
    /// Polls once (unless already complete) and returns the status seen. A succeeded request whose result cannot be
    /// read throws <see cref="UnreadableResponseException"/> (the order exists; the status stays as it was).
    /// </summary>
    public virtual async Task<OrderStatusUpdate> UpdateStatusAsync(CancellationToken cancellationToken = default)
    {
        if (OrderRequestId is null || HasCompleted)
        {
            return CurrentUpdate();
        }

        PollCount++;
        var result = await _pipeline.SendAsync(OrdersApi.BuildGetRequest(_pipeline.BaseUrl, OrderRequestId), OrdersApi.ReadGetRequest, OrdersApi.ReadGetRequestError, cancellationToken, IdempotencyKey).ConfigureAwait(false);
        var state = result.Value;
        _lastServerWait = result.Metadata.Headers.TryGetValue("Retry-After", out var retryAfter) && retryAfter.Count > 0
            ? RetryHints.ParseRetryAfter(retryAfter[0], _pipeline.Client.TimeProvider.GetUtcNow())
            : null;
        if (string.Equals(state.Status, OrderRequestStatuses.Succeeded, StringComparison.OrdinalIgnoreCase))
        {
            _value = await _reader.FromResult(state, IdempotencyKey, cancellationToken).ConfigureAwait(false);
        }

        LastRequestState = state;
        Status = state.Status ?? Status;
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

        return _value ?? throw OrderFailure.From(OrderRequestId!, LastRequestState ?? new OrderRequest(), IdempotencyKey, _pipeline.Client.Redactor);
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
        var resumed = CreateResponse is null && LastRequestState is null;
        var lastYielded = resumed ? null : Status;
        if (!resumed)
        {
            yield return CurrentUpdate();
        }

        if (HasCompleted)
        {
            yield break;
        }

        var time = _pipeline.Client.TimeProvider;
        var notifier = _polling.CompletionNotifier ?? _pipeline.Client.Options.OrderPolling.CompletionNotifier;
        using var schedule = new OrderPollSchedule(notifier, OrderRequestId!, _polling, time, resumed ? time.GetTimestamp() : _startedAt, resumed, PollCount > 0, _pipeline.Client.Options.Retry.MaxRetryAfter);
        while (!HasCompleted)
        {
            if (await schedule.WaitAsync(cancellationToken).ConfigureAwait(false) is { } completion)
            {
                await ApplyAsync(completion, cancellationToken).ConfigureAwait(false);
            }

            UGiftMeException? transient = null;
            if (!HasCompleted)
            {
                (var serverWait, transient) = await PollAsync(cancellationToken).ConfigureAwait(false);
                schedule.Polled(HasCompleted, serverWait);
            }

            if (!string.Equals(lastYielded, Status, StringComparison.Ordinal))
            {
                lastYielded = Status;
                yield return CurrentUpdate();
            }

            if (!HasCompleted && schedule.Waited >= _polling.Timeout)
            {
                throw new OrderWaitTimeoutException(
                    $"Order request {OrderRequestId} was still '{Status}' after OrderPollingOptions.Timeout ({_polling.Timeout}). It was not cancelled: " +
                    $"raise the timeout, or resume later with client.Orders.Resume(\"{OrderRequestId}\").",
                    OrderRequestId!, Status, new ErrorContext { IdempotencyKey = IdempotencyKey }, transient);
            }
        }
    }

    /// <summary>One status poll; a transient failure is returned (with the wait it asked for), not thrown: the wait goes on.</summary>
    private async Task<(TimeSpan? ServerWait, UGiftMeException? Transient)> PollAsync(CancellationToken cancellationToken)
    {
        try
        {
            await UpdateStatusAsync(cancellationToken).ConfigureAwait(false);
            return (_lastServerWait, null);
        }
        catch (UGiftMeException exception) when (exception is UGiftMeTransportException or ServerErrorException or RateLimitedException || exception.StatusCode == 408)
        {
            return ((exception as RateLimitedException)?.RetryAfter, exception);
        }
    }

    /// <summary>
    /// Ends the wait from a verified webhook: a failure as reported; a success with the order(s) it names. When they
    /// cannot be read from it (a bulk result, a fetch that failed), the status poll that follows reads them.
    /// </summary>
    private async Task ApplyAsync(OrderCompletionEvent completion, CancellationToken cancellationToken)
    {
        var value = completion.Succeeded ? await _reader.FromWebhook(completion, IdempotencyKey, cancellationToken).ConfigureAwait(false) : null;
        if (completion.Succeeded && value is null)
        {
            return;
        }

        (_value, Status) = (value, completion.Succeeded ? OrderRequestStatuses.Succeeded : OrderRequestStatuses.Failed);
        LastRequestState = completion.Succeeded
            ? new OrderRequest { OrderRequestId = OrderRequestId!, Status = Status, Result = new JObject { ["orderId"] = completion.OrderId } }
            : new OrderRequest { OrderRequestId = OrderRequestId!, Status = Status, Error = completion.Error };
    }

    private OrderStatusUpdate CurrentUpdate() =>
        new(OrderRequestId, Status, _pipeline?.Client.TimeProvider.GetUtcNow() ?? DateTimeOffset.UtcNow, LastRequestState);
}

/// <summary>
/// How an <see cref="OrderOperation{T}"/> turns an outcome into <typeparamref name="T"/>: a succeeded request's
/// <c>result</c> (an SDK exception that says the order exists when it cannot), and a verified <c>order.succeeded</c>
/// (null when only the next status poll can tell). The arguments are the outcome, the create's key and the token.
/// </summary>
internal sealed record OrderReader<T>(
    Func<OrderRequest, string?, CancellationToken, Task<T>> FromResult,
    Func<OrderCompletionEvent, string?, CancellationToken, Task<T?>> FromWebhook)
    where T : class;

/// <summary>
/// When an <see cref="OrderOperation{T}"/> polls next. By the normal policy: <see cref="OrderPollingOptions.InitialDelay"/>
/// before the first poll, then <see cref="OrderPollingOptions.NextInterval"/>, stretched by a server's wait hint (at most
/// <see cref="UGiftMeRetryOptions.MaxRetryAfter"/>), never past <see cref="OrderPollingOptions.Timeout"/>. While an
/// <see cref="OrderCompletionNotifier"/> is connected, a wait also ends early with the verified outcome a webhook
/// delivers, and once webhooks have proven themselves it sleeps out <see cref="OrderPollingOptions.WebhookSafetyInterval"/>
/// instead, checks that the request's own <c>order.queued</c> arrived, and replans when the webhooks' connection or trust
/// changes. Once it has delivered the outcome it stops listening. Times are measured on the monotonic clock since the
/// request was accepted.
/// </summary>
internal sealed class OrderPollSchedule : IDisposable
{
    private readonly TimeProvider _time;
    private readonly OrderPollingOptions _polling;
    private readonly long _startedAt;
    private readonly TimeSpan _safetyUntil;
    private readonly TimeSpan _longestServerWait;
    private readonly string _orderRequestId;
    private readonly Random _random;
    private OrderCompletionNotifier.Subscription? _subscription;
    private bool _polled;
    private TimeSpan _plannedAt;
    private bool _safetyPlanned;
    private TimeSpan? _queuedCheckAt;
    private bool _sawRunning;

    /// <param name="notifier">The connected webhooks, if any.</param>
    /// <param name="orderRequestId">The request followed.</param>
    /// <param name="polling">The operation's polling settings.</param>
    /// <param name="time">The client's clock.</param>
    /// <param name="startedAt">When the request was accepted (a timestamp of <paramref name="time"/>).</param>
    /// <param name="resumed">Resumed from elsewhere: poll at once, and measure the safety interval from now.</param>
    /// <param name="polled">The operation has polled before, so the first wait is an interval, not the initial delay.</param>
    /// <param name="longestServerWait">The longest wait a server's hint may ask for.</param>
    public OrderPollSchedule(OrderCompletionNotifier? notifier, string orderRequestId, OrderPollingOptions polling, TimeProvider time, long startedAt, bool resumed, bool polled, TimeSpan longestServerWait)
    {
        _time = time;
        _polling = polling;
        _startedAt = startedAt;
        _orderRequestId = orderRequestId;
        _polled = polled;
        _longestServerWait = longestServerWait;
        _random = polling.Random ?? Random.Shared;
        _subscription = notifier?.Subscribe(orderRequestId);
        // Only an outcome that appeared while this wait watched it running says its webhook was late or lost.
        _sawRunning = !resumed;
        // Whole milliseconds: timers fire at millisecond resolution, and a sub-millisecond rest must not count as a wait.
        _safetyUntil = notifier is null ? TimeSpan.Zero : (resumed ? Waited : TimeSpan.Zero)
            + TimeSpan.FromMilliseconds(Math.Round(polling.WebhookSafetyInterval.TotalMilliseconds * (1 - (polling.Jitter * _random.NextDouble()))));
        _plannedAt = resumed ? Waited : Waited + NextDelay(serverWait: null, out _safetyPlanned);
        // A trusted wait of a fresh 202 expects its own order.queued soon, if this application receives them.
        _queuedCheckAt = _safetyPlanned && polling.QueuedWebhookTimeout != Timeout.InfiniteTimeSpan && notifier!.ExpectsQueuedWebhook
            ? polling.QueuedWebhookTimeout
            : null;
    }

    /// <summary>Time since the request was accepted.</summary>
    public TimeSpan Waited => _time.GetElapsedTime(_startedAt);

    /// <summary>Waits until the next poll is due (null), or returns the verified outcome a webhook delivered first.</summary>
    public async Task<OrderCompletionEvent?> WaitAsync(CancellationToken cancellationToken)
    {
        if (_subscription is null)
        {
            if (_plannedAt - Waited is var delay && delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }

            return null;
        }

        while (true)
        {
            var checkQueued = _safetyPlanned && _queuedCheckAt < _plannedAt;
            var due = await WaitUntilAsync(checkQueued ? _queuedCheckAt!.Value : _plannedAt, cancellationToken).ConfigureAwait(false);
            // A verified outcome that arrived by now wins over a timer that fired at the same moment: it saves the poll.
            if (_subscription.Completion.IsCompleted)
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
                // A missing order.queued revokes trust, so the replan below follows the normal policy.
                _queuedCheckAt = null;
                _subscription.Notifier.RecordQueuedMissing(_orderRequestId, _polling.QueuedWebhookTimeout);
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

        (_sawRunning, _polled) = (true, true);
        _plannedAt = Waited + NextDelay(serverWait, out _safetyPlanned);
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _subscription = null;
    }

    /// <summary>What is left of the safety interval while webhooks are connected and proven; otherwise the normal policy. Never past the timeout.</summary>
    private TimeSpan NextDelay(TimeSpan? serverWait, out bool safety)
    {
        var waited = Waited;
        safety = _subscription?.Notifier is { IsConnected: true } notifier && _safetyUntil - waited >= TimeSpan.FromMilliseconds(1)
            && notifier.HasProvenItself(_polling.WebhooksConfirmedBeforeSafetyInterval);
        var delay = safety ? _safetyUntil - waited : _polled ? _polling.NextInterval(waited, _random.NextDouble()) : _polling.InitialDelay - waited;
        if (!safety && serverWait is { } wait && wait > delay)
        {
            delay = wait < _longestServerWait ? wait : _longestServerWait;
        }

        var remaining = _polling.Timeout - waited;
        return delay < remaining ? delay : remaining;
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
