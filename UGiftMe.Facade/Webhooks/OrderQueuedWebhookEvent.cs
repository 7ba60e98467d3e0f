using UGiftMe.Models;

namespace UGiftMe;

/// <summary>
/// An <c>order.queued</c> delivery: an async order request (single or bulk) was accepted and queued.
/// </summary>
public sealed class OrderQueuedWebhookEvent : WebhookEvent
{
    internal OrderQueuedWebhookEvent(string eventName, bool isTest, string rawBody, OrderQueuedEvent payload)
        : base(eventName, isTest, rawBody)
    {
        Payload = payload;
    }

    /// <summary>The payload as the generated model; members UGiftMe adds later are in <c>AdditionalProperties</c>.</summary>
    public OrderQueuedEvent Payload { get; }

    /// <summary>The async order request id (the id returned with HTTP 202).</summary>
    public string OrderRequestId => Payload.OrderRequestId;

    /// <summary>True for a bulk order request.</summary>
    public bool IsBulk => string.Equals(Payload.Type, "bulk", StringComparison.OrdinalIgnoreCase);

    /// <summary>The number of orders in a bulk request; null for a single order.</summary>
    public int? OrderCount => Payload.OrderCount;

    /// <summary>When the request was queued.</summary>
    public DateTimeOffset Timestamp => Payload.Timestamp;
}
