using UGiftMe.Models;

namespace UGiftMe;

/// <summary>
/// An <c>order.failed</c> delivery: an async order request failed.
/// </summary>
public sealed class OrderFailedWebhookEvent : WebhookEvent
{
    internal OrderFailedWebhookEvent(string eventName, bool isTest, string rawBody, OrderFailedEvent payload)
        : base(eventName, isTest, rawBody)
    {
        Payload = payload;
    }

    /// <summary>The payload as the generated model; members UGiftMe adds later are in <c>AdditionalProperties</c>.</summary>
    public OrderFailedEvent Payload { get; }

    /// <summary>The async order request id.</summary>
    public string OrderRequestId => Payload.OrderRequestId;

    /// <summary>Why the request failed, as UGiftMe worded it.</summary>
    public string Error => Payload.Error;

    /// <summary>When the request failed.</summary>
    public DateTimeOffset Timestamp => Payload.Timestamp;
}
