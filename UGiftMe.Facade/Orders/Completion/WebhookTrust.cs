namespace UGiftMe;

/// <summary>
/// How far an application's webhooks have proven themselves: <see cref="CompletedInARow"/> orders in a row were
/// completed by their webhook since trust was last revoked. Each revocation (a lost webhook, or an
/// <c>order.queued</c> that did not come) starts a new <see cref="Epoch"/> at zero. Kept by the
/// <see cref="OrderCompletionNotifier"/> and, with an <see cref="OrderCompletionChannel"/> that shares it (such as
/// <c>AddRedisBackplane</c>), by the whole fleet: a later state is one with a higher epoch, or the same epoch and a
/// higher count.
/// </summary>
/// <param name="Epoch">How many times trust has been revoked.</param>
/// <param name="CompletedInARow">Orders completed by their webhook since the last revocation.</param>
public readonly record struct WebhookTrust(long Epoch, int CompletedInARow)
{
    /// <summary>Whether this state came after <paramref name="other"/>.</summary>
    /// <param name="other">The state to compare with.</param>
    /// <returns>True for a higher epoch, or the same epoch with a higher count.</returns>
    public bool IsLaterThan(WebhookTrust other) =>
        Epoch > other.Epoch || (Epoch == other.Epoch && CompletedInARow > other.CompletedInARow);
}
