using System.Collections.Concurrent;
using UGiftMe.Models;

namespace Shop;

/// <summary>The app's own records: one gift card per purchase-order reference.</summary>
public sealed class GiftCards
{
    private readonly ConcurrentDictionary<string, GiftCard> _cards = new(StringComparer.Ordinal);

    /// <summary>What every card is.</summary>
    public static CreateOrderRequest Order => new()
    {
        ProductCode = "AMAZON_UK_STD", Merchant = "Amazon UK", Currency = "GBP", ValuePurchased = 25, RecipientEmail = "alex@example.com",
    };

    public GiftCard Get(string reference) => _cards.GetOrAdd(reference, r => new GiftCard(r));

    public string StatusOf(string reference) => Get(reference).Status;

    public void Delivered(string orderRequestId) => ByRequest(orderRequestId)?.Deliver();

    public void Failed(string orderRequestId) => ByRequest(orderRequestId)?.Fail();

    private GiftCard? ByRequest(string orderRequestId) => _cards.Values.FirstOrDefault(card => card.OrderRequestId == orderRequestId);
}

/// <summary>One card: the attempt to order it with, and where it is.</summary>
public sealed class GiftCard(string reference)
{
    public string Reference { get; } = reference;

    public int Attempt { get; private set; } = 1;

    public string Status { get; private set; } = "new";

    public string? OrderRequestId { get; private set; }

    public void Ordered(string? orderRequestId, string? orderId)
    {
        OrderRequestId = orderRequestId;
        Status = orderId is not null ? "delivered" : "ordered"; // 201: the card exists; 202: order.succeeded will say
    }

    public void NeedsFunds()
    {
        Attempt++;
        Status = "awaiting-funds";
    }

    public void OutcomeUnknown() => Status = "outcome-unknown";

    public void Deliver() => Status = "delivered";

    public void Fail() => Status = "failed";
}
