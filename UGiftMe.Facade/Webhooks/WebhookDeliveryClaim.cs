using System.Globalization;

namespace UGiftMe;

/// <summary>
/// The answer of <see cref="IWebhookDeduplicationStore.TryClaimAsync"/> for one delivery. A claim that was granted
/// (<see cref="Status"/> <see cref="WebhookDeliveryClaimStatus.Claimed"/>) carries a <see cref="Token"/> that only
/// this attempt knows: the store renews, completes or releases the claim only for the token that holds it, so an
/// attempt that outlived its claim cannot disturb the attempt that took the delivery over.
/// </summary>
public sealed class WebhookDeliveryClaim
{
    private readonly string? _idempotencyKey; // null for the in-memory store's answer about a verified delivery
    private readonly WebhookEvent? _delivery;
    private readonly long _claimNumber; // the in-memory store's token, written as text when first read
    private string? _token;

    private WebhookDeliveryClaim(string? idempotencyKey, WebhookEvent? delivery, WebhookDeliveryClaimStatus status, string? token, long claimNumber)
    {
        if (delivery is null)
        {
            ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        }

        _idempotencyKey = idempotencyKey;
        _delivery = delivery;
        Status = status;
        _token = token;
        _claimNumber = claimNumber;
    }

    /// <summary>The delivery's <see cref="WebhookEvent.IdempotencyKey"/>.</summary>
    public string IdempotencyKey => _idempotencyKey ?? _delivery!.IdempotencyKey;

    /// <summary>What the store found.</summary>
    public WebhookDeliveryClaimStatus Status { get; }

    /// <summary>The claim's identity, unique per granted claim; null unless <see cref="Status"/> is <see cref="WebhookDeliveryClaimStatus.Claimed"/>.</summary>
    public string? Token => _token ??= _claimNumber > 0 ? _claimNumber.ToString(CultureInfo.InvariantCulture) : null;

    /// <summary>Whether the caller holds the delivery and must process it.</summary>
    public bool IsClaimed => Status == WebhookDeliveryClaimStatus.Claimed;

    /// <summary>A granted claim (for implementations of <see cref="IWebhookDeduplicationStore"/>).</summary>
    /// <param name="idempotencyKey">The delivery's key.</param>
    /// <param name="token">A value unique to this claim, e.g. a new GUID.</param>
    /// <returns>The claim.</returns>
    public static WebhookDeliveryClaim Claimed(string idempotencyKey, string token)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        return new(idempotencyKey, delivery: null, WebhookDeliveryClaimStatus.Claimed, token, claimNumber: 0);
    }

    /// <summary>The answer for a delivery that was already processed.</summary>
    /// <param name="idempotencyKey">The delivery's key.</param>
    /// <returns>The answer.</returns>
    public static WebhookDeliveryClaim AlreadyProcessed(string idempotencyKey) => new(idempotencyKey, delivery: null, WebhookDeliveryClaimStatus.AlreadyProcessed, token: null, claimNumber: 0);

    /// <summary>The answer for a delivery another attempt holds.</summary>
    /// <param name="idempotencyKey">The delivery's key.</param>
    /// <returns>The answer.</returns>
    public static WebhookDeliveryClaim InProgress(string idempotencyKey) => new(idempotencyKey, delivery: null, WebhookDeliveryClaimStatus.InProgress, token: null, claimNumber: 0);

    /// <summary>The digest <see cref="IdempotencyKey"/> spells, which the in-memory store is keyed by.</summary>
    internal WebhookDeliveryKey Key => _delivery?.Key ?? WebhookDeliveryKey.Of(_idempotencyKey!);

    /// <summary>The in-memory store's answer for a delivery given by its key's text, or else by the verified event; a granted claim is numbered.</summary>
    internal static WebhookDeliveryClaim For(string? idempotencyKey, WebhookEvent? delivery, WebhookDeliveryClaimStatus status, long claimNumber = 0) =>
        new(idempotencyKey, delivery, status, token: null, claimNumber);

    /// <summary>Throws unless this is a granted claim (what renew, mark processed and release need).</summary>
    internal void RequireGranted()
    {
        if (!IsClaimed)
        {
            throw new ArgumentException($"Only a granted claim can be renewed, marked processed or released; this one is {Status}.", "claim");
        }
    }

    /// <summary>Describes the answer (the token is shown only as present).</summary>
    /// <returns>The key and status.</returns>
    public override string ToString() => $"{Status} {IdempotencyKey}";
}
