namespace UGiftMe;

/// <summary>
/// The event names UGiftMe sends in the <c>X-Webhook-Event</c> header.
/// </summary>
public static class WebhookEventNames
{
    /// <summary>A manual test delivery sent by <c>POST /webhooks/test</c>; not subscribable.</summary>
    public const string WebhookTest = "webhook.test";

    /// <summary>An async order request was accepted and queued.</summary>
    public const string OrderQueued = "order.queued";

    /// <summary>The order worker started processing an async order request.</summary>
    public const string OrderProcessing = "order.processing";

    /// <summary>An async order request completed successfully.</summary>
    public const string OrderSucceeded = "order.succeeded";

    /// <summary>An async order request failed.</summary>
    public const string OrderFailed = "order.failed";

    /// <summary>A catalog product changed; the body is the full product document.</summary>
    public const string ProductUpdated = "product.updated";

    /// <summary>The wallet balance changed.</summary>
    public const string WalletUpdated = "wallet.updated";

    /// <summary>
    /// Subscribable according to part of the UGiftMe docs, but its payload is undocumented: it arrives as a
    /// <c>WebhookEvent&lt;JToken&gt;</c>.
    /// </summary>
    public const string PaymentSucceeded = "payment.succeeded";

    /// <summary>
    /// Subscribable according to part of the UGiftMe docs, but its payload is undocumented: it arrives as a
    /// <c>WebhookEvent&lt;JToken&gt;</c>.
    /// </summary>
    public const string PaymentFailed = "payment.failed";

    /// <summary>
    /// The events a subscription can be created with: every order, catalog and wallet event, plus the
    /// <c>payment.*</c> events the create page lists.
    /// </summary>
    public static IReadOnlyList<string> Subscribable { get; } =
        [OrderQueued, OrderProcessing, OrderSucceeded, OrderFailed, ProductUpdated, WalletUpdated, PaymentSucceeded, PaymentFailed];

    /// <summary>The events an existing subscription can be updated to (the update page lists no <c>payment.*</c>).</summary>
    public static IReadOnlyList<string> Updatable { get; } =
        [OrderQueued, OrderProcessing, OrderSucceeded, OrderFailed, ProductUpdated, WalletUpdated];
}
