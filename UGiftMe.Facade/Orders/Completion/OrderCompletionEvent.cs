namespace UGiftMe;

/// <summary>
/// A verified terminal outcome of an asynchronous order request, as carried by an <c>order.succeeded</c> or
/// <c>order.failed</c> webhook: what an <see cref="OrderCompletionNotifier"/> hands to waiting operations and what an
/// <see cref="OrderCompletionChannel"/> carries between instances.
/// </summary>
public sealed class OrderCompletionEvent
{
    /// <summary>Creates an outcome.</summary>
    /// <param name="orderRequestId">The order request that ended.</param>
    /// <param name="succeeded">True for <c>order.succeeded</c>, false for <c>order.failed</c>.</param>
    /// <param name="orderId">The created order's id (<c>result.orderId</c>), when known.</param>
    /// <param name="error">Why the request failed, as UGiftMe worded it.</param>
    /// <exception cref="ArgumentException"><paramref name="orderRequestId"/> is empty.</exception>
    public OrderCompletionEvent(string orderRequestId, bool succeeded, string? orderId = null, string? error = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderRequestId);
        OrderRequestId = orderRequestId;
        Succeeded = succeeded;
        OrderId = orderId;
        Error = error;
    }

    /// <summary>The order request that ended.</summary>
    public string OrderRequestId { get; }

    /// <summary>True when the request succeeded, false when it failed.</summary>
    public bool Succeeded { get; }

    /// <summary>The created order's id, when the event carried it.</summary>
    public string? OrderId { get; }

    /// <summary>The failure reason of a failed request.</summary>
    public string? Error { get; }

    /// <summary>Describes the outcome.</summary>
    /// <returns>The request id and outcome.</returns>
    public override string ToString() => $"{OrderRequestId} {(Succeeded ? "succeeded" : "failed")}";
}
