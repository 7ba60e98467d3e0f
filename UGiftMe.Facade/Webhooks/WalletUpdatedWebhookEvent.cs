using UGiftMe.Models;

namespace UGiftMe;

/// <summary>
/// A <c>wallet.updated</c> delivery: the wallet balance changed.
/// </summary>
public sealed class WalletUpdatedWebhookEvent : WebhookEvent
{
    internal WalletUpdatedWebhookEvent(string eventName, bool isTest, string rawBody, WalletUpdatedEvent payload)
        : base(eventName, isTest, rawBody)
    {
        Payload = payload;
    }

    /// <summary>The payload as the generated model; members UGiftMe adds later are in <c>AdditionalProperties</c>.</summary>
    public WalletUpdatedEvent Payload { get; }

    /// <summary>The wallet currency, such as <c>GBP</c>.</summary>
    public string Currency => Payload.Currency;

    /// <summary>The balance after the change.</summary>
    public decimal Balance => Payload.Balance;

    /// <summary>The balance available for new orders after the change.</summary>
    public decimal AvailableBalance => Payload.AvailableBalance;

    /// <summary>What changed the balance, such as <c>api_order_async</c>.</summary>
    public string Source => Payload.Source;
}
