namespace UGiftMe.Sandbox;

/// <summary>A webhook subscription, including its secret (the sandbox lets tests see it).</summary>
/// <param name="Id">The subscription's <c>_id</c>.</param>
/// <param name="Url">Where deliveries go.</param>
/// <param name="Events">The subscribed events.</param>
/// <param name="IsActive">Whether deliveries are sent.</param>
/// <param name="Secret">The signing secret (64 lowercase hex characters).</param>
/// <param name="SuccessCount"><c>deliveryStats.success</c>.</param>
/// <param name="FailedCount"><c>deliveryStats.failed</c>.</param>
public sealed record SandboxWebhookSubscriptionSnapshot(
    string Id,
    Uri Url,
    IReadOnlyList<string> Events,
    bool IsActive,
    string Secret,
    int SuccessCount,
    int FailedCount);
