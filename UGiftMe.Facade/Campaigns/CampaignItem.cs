using UGiftMe.Models;

namespace UGiftMe;

/// <summary>One gift card of a campaign: your own unique reference for it, and the order to place.</summary>
public sealed class CampaignItem
{
    /// <summary>Creates an item.</summary>
    /// <param name="reference">Your unique reference for this card (e.g. an employee number and the campaign name); its
    /// idempotency key is derived from it, so the card is placed once however often the campaign runs.</param>
    /// <param name="order">The card: product, value, currency and recipient.</param>
    public CampaignItem(string reference, CreateOrderRequest order)
    {
        Reference = reference ?? throw new ArgumentNullException(nameof(reference));
        Order = order ?? throw new ArgumentNullException(nameof(order));
    }

    /// <summary>Your unique reference for this card.</summary>
    public string Reference { get; }

    /// <summary>The order to place.</summary>
    public CreateOrderRequest Order { get; }
}
