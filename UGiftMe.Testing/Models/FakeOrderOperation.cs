using System.Runtime.CompilerServices;
using Newtonsoft.Json.Linq;
using UGiftMe.Models;

namespace UGiftMe.Testing;

/// <summary>
/// An <see cref="OrderOperation{T}"/> that follows a script instead of a server, for unit tests of code that starts,
/// watches or waits for orders: it starts in one status and each poll (<see cref="UpdateStatusAsync"/>, or each step
/// of <see cref="WatchAsync"/> and <see cref="WaitForCompletionAsync"/>) moves it to the next status of the script,
/// at once. Build one with <see cref="UGiftMeModelFactory.OrderOperation{T}"/> (or its shortcuts), or subclass it.
/// </summary>
/// <typeparam name="T"><see cref="BusinessOrder"/> for a single order, <see cref="BulkOrderResult"/> for bulk.</typeparam>
public class FakeOrderOperation<T> : OrderOperation<T>
    where T : class
{
    private readonly Queue<string> _script;
    private readonly T? _value;
    private readonly UGiftMeException _failure;
    private readonly ResponseMetadata? _createResponse;
    private readonly string? _orderRequestId;
    private readonly TimeProvider _time;
    private string _status;
    private OrderRequest? _lastRequestState;
    private int _pollCount;

    /// <summary>Creates a scripted operation.</summary>
    /// <param name="status">The status it starts in: <c>queued</c>, <c>processing</c>, <c>succeeded</c> or <c>failed</c>.</param>
    /// <param name="value">The order(s) it ends with once <c>succeeded</c>.</param>
    /// <param name="orderRequestId">The order request; null for an order created at once (201).</param>
    /// <param name="nextStatuses">The statuses the next polls see, in order (end with <c>succeeded</c> or <c>failed</c>).</param>
    /// <param name="failure">What waiting throws once <c>failed</c>; default an <see cref="OrderFailedException"/>.</param>
    /// <param name="createResponse">The create call's metadata (201 or 202, idempotency key); null for a resumed operation.</param>
    /// <param name="timeProvider">The clock of <see cref="OrderStatusUpdate.ObservedAt"/>; default the system clock.</param>
    public FakeOrderOperation(
        string status,
        T? value = null,
        string? orderRequestId = UGiftMeModelFactory.DefaultOrderRequestId,
        IEnumerable<string>? nextStatuses = null,
        UGiftMeException? failure = null,
        ResponseMetadata? createResponse = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(status);
        _script = new Queue<string>(nextStatuses ?? []);
        if (value is null && (status == OrderRequestStatuses.Succeeded || _script.Contains(OrderRequestStatuses.Succeeded)))
        {
            throw new ArgumentNullException(nameof(value), "An operation that succeeds needs the order(s) it ends with.");
        }

        _status = status;
        _value = value;
        _orderRequestId = orderRequestId;
        _failure = failure ?? UGiftMeModelFactory.OrderFailedException(orderRequestId ?? UGiftMeModelFactory.DefaultOrderRequestId, idempotencyKey: createResponse?.IdempotencyKey);
        _createResponse = createResponse;
        _time = timeProvider ?? TimeProvider.System;
        if (orderRequestId is not null && status != OrderRequestStatuses.Queued)
        {
            _lastRequestState = RequestState(status);
        }
    }

    /// <inheritdoc/>
    public override string? OrderRequestId => _orderRequestId;

    /// <inheritdoc/>
    public override string Status => _status;

    /// <inheritdoc/>
    public override bool HasValue => _status == OrderRequestStatuses.Succeeded && _value is not null;

    /// <inheritdoc/>
    public override T Value => HasValue
        ? _value!
        : throw new InvalidOperationException(HasCompleted
            ? $"Order request {OrderRequestId} failed; WaitForCompletionAsync throws the failure with its reason."
            : $"Order request {OrderRequestId} is still '{Status}'; await WaitForCompletionAsync first.");

    /// <inheritdoc/>
    public override ResponseMetadata? CreateResponse => _createResponse;

    /// <inheritdoc/>
    public override string? IdempotencyKey => _createResponse?.IdempotencyKey;

    /// <inheritdoc/>
    public override OrderRequest? LastRequestState => _lastRequestState;

    /// <inheritdoc/>
    public override int PollCount => _pollCount;

    /// <summary>The statuses the script has not reached yet.</summary>
    public IReadOnlyList<string> RemainingStatuses => [.. _script];

    /// <summary>Moves to the script's next status (a poll), unless the operation has completed, and returns it.</summary>
    /// <param name="cancellationToken">Honoured as a real poll would.</param>
    /// <returns>The status seen.</returns>
    public override Task<OrderStatusUpdate> UpdateStatusAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (OrderRequestId is not null && !HasCompleted && _script.TryDequeue(out var next))
        {
            _pollCount++;
            _status = next;
            _lastRequestState = RequestState(next);
        }

        return Task.FromResult(Current());
    }

    /// <summary>
    /// Yields the current status, then each status of the script until the operation completes. A script that ends
    /// before <c>succeeded</c> or <c>failed</c> ends in <see cref="OrderWaitTimeoutException"/>, as a real wait does
    /// after <c>OrderPolling.Timeout</c>.
    /// </summary>
    /// <param name="cancellationToken">Ends the watch.</param>
    /// <returns>The statuses seen.</returns>
    public override async IAsyncEnumerable<OrderStatusUpdate> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        yield return Current();
        while (!HasCompleted)
        {
            if (_script.Count == 0)
            {
                throw UGiftMeModelFactory.OrderWaitTimeoutException(OrderRequestId ?? UGiftMeModelFactory.DefaultOrderRequestId, Status);
            }

            yield return await UpdateStatusAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs the script to its end and returns the order(s), or throws the failure.</summary>
    /// <param name="cancellationToken">Ends the wait.</param>
    /// <returns>The order(s).</returns>
    public override async Task<T> WaitForCompletionAsync(CancellationToken cancellationToken = default)
    {
        await foreach (var _ in WatchAsync(cancellationToken).ConfigureAwait(false))
        {
        }

        return HasValue ? _value! : throw _failure;
    }

    private OrderStatusUpdate Current() => new(OrderRequestId, Status, _time.GetUtcNow(), LastRequestState);

    private OrderRequest RequestState(string status) =>
        UGiftMeModelFactory.OrderRequest(
            _orderRequestId,
            status,
            status == OrderRequestStatuses.Succeeded && _value is not null ? JToken.FromObject(_value) : null,
            status == OrderRequestStatuses.Failed ? _failure.Message : null);
}
