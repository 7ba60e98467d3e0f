using UGiftMe.Models;

namespace UGiftMe;

/// <summary>
/// An <c>order.processing</c> delivery: the order worker started processing an async order request. Its payload is not fully documented, so every member may be null.
/// </summary>
public sealed class OrderProcessingWebhookEvent : WebhookEvent
{
    internal OrderProcessingWebhookEvent(string eventName, bool isTest, string rawBody, OrderProcessingEvent payload)
        : base(eventName, isTest, rawBody)
    {
        Payload = payload;
    }

    /// <summary>The payload as the generated model; members UGiftMe adds later are in <c>AdditionalProperties</c>.</summary>
    public OrderProcessingEvent Payload { get; }

    /// <summary>The async order request id, if present.</summary>
    public string? OrderRequestId => Payload.OrderRequestId;

    /// <summary>When processing started, if present.</summary>
    public DateTimeOffset? Timestamp => Payload.Timestamp;
}
