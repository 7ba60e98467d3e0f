namespace UGiftMe;

/// <summary>What <see cref="IWebhookDeduplicationStore.TryClaimAsync"/> found for one delivery.</summary>
public enum WebhookDeliveryClaimStatus
{
    /// <summary>
    /// First sight of this delivery, or its earlier claim was released or expired: the caller now holds it, with the
    /// claim's <see cref="WebhookDeliveryClaim.Token"/>, and must mark it processed or release it.
    /// </summary>
    Claimed = 0,

    /// <summary>The delivery was already processed successfully: acknowledge it without processing it again.</summary>
    AlreadyProcessed,

    /// <summary>
    /// Another attempt of the same delivery holds the claim right now: answer non-2xx so UGiftMe retries later, when
    /// the outcome of that attempt is known.
    /// </summary>
    InProgress,
}
