namespace UGiftMe;

/// <summary>
/// The answer of <see cref="IWebhookDeduplicationStore.TryClaimAsync"/> for one delivery. A claim that was granted
/// (<see cref="Status"/> <see cref="WebhookDeliveryClaimStatus.Claimed"/>) carries a <see cref="Token"/> that only
/// this attempt knows: the store renews, completes or releases the claim only for the token that holds it, so an
/// attempt that outlived its claim cannot disturb the attempt that took the delivery over.
/// </summary>
public sealed class WebhookDeliveryClaim
{
    private WebhookDeliveryClaim(string idempotencyKey, WebhookDeliveryClaimStatus status, string? token)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        IdempotencyKey = idempotencyKey;
        Status = status;
        Token = token;
    }

    /// <summary>The delivery's <see cref="WebhookEvent.IdempotencyKey"/>.</summary>
    public string IdempotencyKey { get; }

    /// <summary>What the store found.</summary>
    public WebhookDeliveryClaimStatus Status { get; }

    /// <summary>The claim's identity, unique per granted claim; null unless <see cref="Status"/> is <see cref="WebhookDeliveryClaimStatus.Claimed"/>.</summary>
    public string? Token { get; }

    /// <summary>Whether the caller holds the delivery and must process it.</summary>
    public bool IsClaimed => Status == WebhookDeliveryClaimStatus.Claimed;

    /// <summary>A granted claim (for implementations of <see cref="IWebhookDeduplicationStore"/>).</summary>
    /// <param name="idempotencyKey">The delivery's key.</param>
    /// <param name="token">A value unique to this claim, e.g. a new GUID.</param>
    /// <returns>The claim.</returns>
    public static WebhookDeliveryClaim Claimed(string idempotencyKey, string token)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        return new(idempotencyKey, WebhookDeliveryClaimStatus.Claimed, token);
    }

    /// <summary>The answer for a delivery that was already processed.</summary>
    /// <param name="idempotencyKey">The delivery's key.</param>
    /// <returns>The answer.</returns>
    public static WebhookDeliveryClaim AlreadyProcessed(string idempotencyKey) => new(idempotencyKey, WebhookDeliveryClaimStatus.AlreadyProcessed, null);

    /// <summary>The answer for a delivery another attempt holds.</summary>
    /// <param name="idempotencyKey">The delivery's key.</param>
    /// <returns>The answer.</returns>
    public static WebhookDeliveryClaim InProgress(string idempotencyKey) => new(idempotencyKey, WebhookDeliveryClaimStatus.InProgress, null);

    /// <summary>Throws unless this is a granted claim (what renew, mark processed and release need).</summary>
    internal string RequireToken() =>
        IsClaimed && Token is { } token ? token : throw new ArgumentException($"Only a granted claim can be renewed, marked processed or released; this one is {Status}.", "claim");

    /// <summary>Describes the answer (the token is shown only as present).</summary>
    /// <returns>The key and status.</returns>
    public override string ToString() => $"{Status} {IdempotencyKey}";
}
