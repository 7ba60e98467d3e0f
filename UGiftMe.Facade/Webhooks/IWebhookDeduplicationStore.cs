namespace UGiftMe;

/// <summary>
/// Remembers which webhook deliveries were processed, so a retry of an already processed delivery is acknowledged
/// without being processed twice, and a delivery is processed by one attempt at a time. UGiftMe sends no delivery id,
/// so the key is <see cref="WebhookEvent.IdempotencyKey"/> (a hash of the event name and body).
/// </summary>
/// <remarks>
/// <para>The protocol: <see cref="TryClaimAsync"/>; while processing, <see cref="RenewAsync"/> at least every third of
/// <see cref="ClaimTimeout"/>; then <see cref="MarkProcessedAsync"/> (success) or <see cref="ReleaseAsync"/> (failure,
/// so that UGiftMe's retry is processed). Renew, mark and release act only for the claim's
/// <see cref="WebhookDeliveryClaim.Token"/> while it still holds the delivery: an attempt that lost its claim (it
/// expired, another attempt took over) changes nothing and gets false. UGiftMe retries for about five and a half
/// hours, so keep processed keys for at least six.</para>
/// <para>A delivery is processed at most once per store's memory: a store that forgets (a restart of an in-memory
/// store, a Redis without persistence) processes a later retry again. An implementation shared between servers (a
/// database, Redis) must make each operation atomic, compare the token and act in one step.</para>
/// </remarks>
public interface IWebhookDeduplicationStore
{
    /// <summary>
    /// How long a claim holds without being renewed: the claim of a process that died (and so stopped renewing) expires
    /// after this, and a retry can be processed.
    /// </summary>
    TimeSpan ClaimTimeout { get; }

    /// <summary>Claims a delivery for processing, unless it was already processed or another attempt holds it.</summary>
    /// <param name="idempotencyKey">The delivery's <see cref="WebhookEvent.IdempotencyKey"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The claim, with its token when granted.</returns>
    ValueTask<WebhookDeliveryClaim> TryClaimAsync(string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>Extends a claim by <see cref="ClaimTimeout"/> from now, if it still holds the delivery.</summary>
    /// <param name="claim">A granted claim.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Whether the claim still held the delivery (and now holds it for another <see cref="ClaimTimeout"/>).</returns>
    /// <exception cref="ArgumentException">The claim was not granted.</exception>
    ValueTask<bool> RenewAsync(WebhookDeliveryClaim claim, CancellationToken cancellationToken = default);

    /// <summary>Records that the delivery was processed successfully, if the claim still holds it; later retries are duplicates.</summary>
    /// <param name="claim">A granted claim.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Whether the claim still held the delivery and it is now recorded as processed.</returns>
    /// <exception cref="ArgumentException">The claim was not granted.</exception>
    ValueTask<bool> MarkProcessedAsync(WebhookDeliveryClaim claim, CancellationToken cancellationToken = default);

    /// <summary>Gives up a claim after processing failed, if it still holds the delivery, so the next retry is processed.</summary>
    /// <param name="claim">A granted claim.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Whether the claim still held the delivery and was released.</returns>
    /// <exception cref="ArgumentException">The claim was not granted.</exception>
    ValueTask<bool> ReleaseAsync(WebhookDeliveryClaim claim, CancellationToken cancellationToken = default);
}
