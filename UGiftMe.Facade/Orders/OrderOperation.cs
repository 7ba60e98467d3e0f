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

        // Polls follow the normal policy (NextPollDelay); with webhooks connected, the wait between polls is theirs to
        // end early or to stretch to the safety interval, until they delivered the outcome.
        var time = _pipeline.Client.TimeProvider;
        var startedAt = resumed ? time.GetTimestamp() : _startedAt;
        var random = _polling.Random ?? Random.Shared;
        var notifier = HasCompleted ? null : _polling.CompletionNotifier ?? _pipeline.Client.Options.OrderPolling.CompletionNotifier;
        using var webhooks = notifier is null ? null
            : new WebhookAcceleratedWait(notifier, OrderRequestId!, _polling, time, startedAt, resumed, random, serverWait => NextPollDelay(time.GetElapsedTime(startedAt), serverWait, random));
        var pollAt = time.GetElapsedTime(startedAt);
        pollAt += resumed || webhooks is not null ? TimeSpan.Zero : NextPollDelay(pollAt, null, random);
        while (!HasCompleted)
        {
            if (webhooks is not { IsListening: true })
            {
                if (pollAt - time.GetElapsedTime(startedAt) is var delay && delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
                }
            }
            else if (await webhooks.WaitAsync(cancellationToken).ConfigureAwait(false) is { } completion)
            {
                await ApplyAsync(completion, cancellationToken).ConfigureAwait(false);
            }

            UGiftMeException? transient = null;
            if (!HasCompleted)
            {
                (var serverWait, transient) = await PollAsync(cancellationToken).ConfigureAwait(false);
                var waited = time.GetElapsedTime(startedAt);
                if (webhooks is not { IsListening: true })
                {
                    pollAt = waited + NextPollDelay(waited, serverWait, random);
                }
                else
                {
                    webhooks.Polled(HasCompleted, serverWait);
                }
            }

            if (!string.Equals(lastYielded, Status, StringComparison.Ordinal))
            {
                lastYielded = Status;
                yield return CurrentUpdate();
            }

            if (!HasCompleted && time.GetElapsedTime(startedAt) >= _polling.Timeout)
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
    /// The normal policy, <paramref name="waited"/> after the request was accepted: <see cref="OrderPollingOptions.InitialDelay"/>
    /// before the first poll, then <see cref="OrderPollingOptions.NextInterval"/>, stretched by a server's wait hint (at most
    /// <see cref="UGiftMeRetryOptions.MaxRetryAfter"/>), never past <see cref="OrderPollingOptions.Timeout"/>.
    /// </summary>
    private TimeSpan NextPollDelay(TimeSpan waited, TimeSpan? serverWait, Random random)
    {
        var delay = PollCount == 0 ? _polling.InitialDelay - waited : _polling.NextInterval(waited, random.NextDouble());
        if (serverWait is { } wait && wait > delay)
        {
            var longest = _pipeline.Client.Options.Retry.MaxRetryAfter;
            delay = wait < longest ? wait : longest;
        }

        var remaining = _polling.Timeout - waited;
        return delay < remaining ? delay : remaining;
    }

    /// <summary>
    /// Ends the wait from a verified webhook: a failure as reported; a success with the order(s) it names. When they
    /// cannot be read from it (a bulk result, a fetch that failed), the status poll that follows reads them.
    /// </summary>
    private async Task ApplyAsync(OrderCompletionEvent completion, CancellationToken cancellationToken)
    {
        if (!completion.Succeeded)
        {
            LastRequestState = new OrderRequest { OrderRequestId = OrderRequestId!, Status = OrderRequestStatuses.Failed, Error = completion.Error };
            Status = OrderRequestStatuses.Failed;
            return;
        }

        if (await _reader.FromWebhook(completion, IdempotencyKey, cancellationToken).ConfigureAwait(false) is { } value)
        {
            _value = value;
            LastRequestState = new OrderRequest { OrderRequestId = OrderRequestId!, Status = OrderRequestStatuses.Succeeded, Result = new JObject { ["orderId"] = completion.OrderId } };
            Status = OrderRequestStatuses.Succeeded;
        }
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
