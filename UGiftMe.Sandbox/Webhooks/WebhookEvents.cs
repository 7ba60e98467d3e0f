namespace UGiftMe.Sandbox.Webhooks;

// Delivery bodies, in the member order of the docs' examples.

internal sealed record OrderProgressEvent(
    string OrderRequestId, string Status, string Type, int? OrderCount, DateTimeOffset Timestamp);

/// <summary><c>{ orderId }</c> for single requests; for bulk (undocumented) <c>{ orderIds }</c>.</summary>
internal sealed record OrderSucceededResult(string? OrderId, IReadOnlyList<string>? OrderIds);

internal sealed record OrderSucceededEvent(
    string OrderRequestId, string Status, string Type, OrderSucceededResult Result, DateTimeOffset Timestamp);

internal sealed record OrderFailedEvent(
    string OrderRequestId, string Status, string Type, string Error, DateTimeOffset Timestamp);

internal sealed record WalletUpdatedTransaction(string Type, decimal Amount, string? OrderId, string Details);

internal sealed record WalletUpdatedEvent(
    string UserId,
    string Currency,
    decimal Balance,
    decimal AvailableBalance,
    string Source,
    DateTimeOffset Timestamp,
    WalletUpdatedTransaction? Transaction);

internal sealed record WebhookTestData(string Message, string ExampleOrderId);

internal sealed record WebhookTestEvent(string Type, DateTimeOffset SentAt, WebhookTestData Data)
{
    public static WebhookTestEvent At(DateTimeOffset sentAt) => new(
        "webhook.test",
        sentAt,
        new WebhookTestData(
            "This is a test delivery from UGiftMe. Your endpoint should return HTTP 2xx within 10 seconds.",
            "ord_example_123"));
}
