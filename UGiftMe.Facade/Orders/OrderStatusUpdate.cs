using UGiftMe.Models;

namespace UGiftMe;

/// <summary>One observed status of an order request, as yielded by <see cref="OrderOperation{T}.WatchAsync"/>.</summary>
/// <param name="OrderRequestId">The order request; null for an order created synchronously.</param>
/// <param name="Status">The status, e.g. <c>queued</c>; any string the server sends.</param>
/// <param name="ObservedAt">When the SDK saw it.</param>
/// <param name="Request">The queue-status body it came from; null for an order created synchronously.</param>
public sealed record OrderStatusUpdate(string? OrderRequestId, string Status, DateTimeOffset ObservedAt, OrderRequest? Request)
{
    /// <summary>True when the status is final (<c>succeeded</c> or <c>failed</c>).</summary>
    public bool IsTerminal => OrderRequestStatuses.IsTerminal(Status);
}
