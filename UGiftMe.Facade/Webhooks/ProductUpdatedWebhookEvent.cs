using UGiftMe.Models;

namespace UGiftMe;

/// <summary>
/// A <c>product.updated</c> delivery: catalog data changed. The body is UGiftMe's full internal product document; refresh the product from the catalog API when you need a stable shape.
/// </summary>
public sealed class ProductUpdatedWebhookEvent : WebhookEvent
{
    internal ProductUpdatedWebhookEvent(string eventName, bool isTest, string rawBody, ProductUpdatedEvent payload)
        : base(eventName, isTest, rawBody)
    {
        Payload = payload;
    }

    /// <summary>The payload as the generated model; members UGiftMe adds later are in <c>AdditionalProperties</c>.</summary>
    public ProductUpdatedEvent Payload { get; }

    /// <summary>The product code, when present.</summary>
    public string? ProductCode => Payload.ProductCode;
}
