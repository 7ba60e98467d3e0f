namespace UGiftMe.AspNetCore;

/// <summary>
/// Where the subscriber keeps a subscription's signing secret, which UGiftMe shows only once, when the subscription is
/// created. The default store keeps it in memory, so each start of a single instance makes a new subscription; with
/// several instances (or to keep one subscription across restarts) register a store they share — a vault, a
/// database table — as a singleton before <c>AddUGiftMeWebhookSubscription</c>.
/// </summary>
public interface IUGiftMeWebhookSecretStore
{
    /// <summary>The secret kept for a subscription, or <see langword="null"/> when this store never saw it.</summary>
    /// <param name="subscriptionId">The subscription's id.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The secret, or <see langword="null"/>.</returns>
    ValueTask<string?> GetAsync(string subscriptionId, CancellationToken cancellationToken = default);

    /// <summary>Keeps a new subscription's secret.</summary>
    /// <param name="subscriptionId">The subscription's id.</param>
    /// <param name="secret">Its signing secret.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the secret is kept.</returns>
    ValueTask SaveAsync(string subscriptionId, string secret, CancellationToken cancellationToken = default);

    /// <summary>Forgets a deleted subscription's secret.</summary>
    /// <param name="subscriptionId">The subscription's id.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when it is forgotten.</returns>
    ValueTask RemoveAsync(string subscriptionId, CancellationToken cancellationToken = default);
}
