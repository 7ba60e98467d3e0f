namespace UGiftMe;

/// <summary>
/// Remembers which webhook deliveries were processed, so a retry of an already processed delivery is acknowledged
/// without being processed twice. UGiftMe sends no delivery id, so the key is
/// <see cref="WebhookEvent.IdempotencyKey"/> (a hash of the event name and body).
/// </summary>
/// <remarks>
/// <para>The protocol is claim, then either mark processed (on success) or release (on failure, so that UGiftMe's
/// retry is processed). UGiftMe retries for about five and a half hours, so keep processed keys for at least six.</para>
/// <para>An implementation shared between servers (a database, Redis) must make <see cref="TryClaimAsync"/> atomic,
/// and should let a claim expire after a few minutes so a crashed process does not block retries forever.</para>
/// </remarks>
public interface IWebhookDeduplicationStore
{
    /// <summary>Claims a delivery for processing, unless it was already processed or is being processed.</summary>
    /// <param name="idempotencyKey">The delivery's <see cref="WebhookEvent.IdempotencyKey"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Whether the caller should process the delivery.</returns>
    ValueTask<WebhookDeliveryClaim> TryClaimAsync(string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>Records that a claimed delivery was processed successfully; later retries are duplicates.</summary>
    /// <param name="idempotencyKey">The delivery's <see cref="WebhookEvent.IdempotencyKey"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the delivery is recorded.</returns>
    ValueTask MarkProcessedAsync(string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>Gives up a claim after processing failed, so the next retry is processed.</summary>
    /// <param name="idempotencyKey">The delivery's <see cref="WebhookEvent.IdempotencyKey"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the claim is released.</returns>
    ValueTask ReleaseAsync(string idempotencyKey, CancellationToken cancellationToken = default);
}
