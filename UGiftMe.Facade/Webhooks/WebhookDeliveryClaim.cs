namespace UGiftMe;

/// <summary>
/// The answer of <see cref="IWebhookDeduplicationStore.TryClaimAsync"/> for one delivery.
/// </summary>
public enum WebhookDeliveryClaim
{
    /// <summary>First sight of this delivery: the caller now owns it and must mark it processed or release it.</summary>
    Claimed = 0,

    /// <summary>The delivery was already processed successfully: acknowledge it without processing it again.</summary>
    AlreadyProcessed,

    /// <summary>
    /// Another attempt of the same delivery is being processed right now: answer non-2xx so UGiftMe retries later,
    /// when the outcome of that attempt is known.
    /// </summary>
    InProgress,
}
