using UGiftMe.Models;

namespace UGiftMe;

/// <summary>
/// An <c>order.succeeded</c> delivery: an async order request completed.
/// </summary>
public sealed class OrderSucceededWebhookEvent : WebhookEvent
{
    internal OrderSucceededWebhookEvent(string eventName, bool isTest, string rawBody, OrderSucceededEvent payload)
        : base(eventName, isTest, rawBody)
    {
        Payload = payload;
    }

    /// <summary>The payload as the generated model; members UGiftMe adds later are in <c>AdditionalProperties</c>.</summary>
    public OrderSucceededEvent Payload { get; }

    /// <summary>The async order request id.</summary>
    public string OrderRequestId => Payload.OrderRequestId;

    /// <summary>The id of the created order (<c>result.orderId</c>), when present.</summary>
    public string? OrderId => Payload.Result?.OrderId;

    /// <summary>When the request completed.</summary>
    public DateTimeOffset Timestamp => Payload.Timestamp;
}
