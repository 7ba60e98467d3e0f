using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace UGiftMe.AspNetCore;

/// <summary>
/// Makes sure, before the server starts listening, that UGiftMe delivers to <see cref="UGiftMeWebhookSubscriptionOptions.Url"/>
/// and that the receiver accepts the subscription's signature: it reuses a subscription whose secret the store kept,
/// or deletes the subscriptions to that URL whose secret is lost and creates one, keeping its secret. The secret goes to
/// <see cref="UGiftMeWebhookSecrets"/>, which the receiver reads from the next delivery on.
/// </summary>
internal sealed partial class UGiftMeWebhookSubscriber(
    IServiceProvider services,
    IOptions<UGiftMeWebhookSubscriptionOptions> options,
    IUGiftMeWebhookSecretStore store,
    UGiftMeWebhookSecrets secrets,
    ILogger<UGiftMeWebhookSubscriber> logger) : IHostedLifecycleService
{
    private string? _subscriptionId;

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var url = settings.Url!;
        var webhooks = Client(settings).Webhooks;
        foreach (var existing in await webhooks.FindByUrlAsync(url, cancellationToken).ConfigureAwait(false))
        {
            if (existing.Id is not { } id)
            {
                continue;
            }

            if (_subscriptionId is null && await store.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } kept)
            {
                _subscriptionId = id;
                secrets.Add(kept);
                if (existing.IsActive == false || !settings.Events.All(existing.Events.Contains))
                {
                    await webhooks.UpdateAsync(id, new WebhookUpdate { Events = [.. settings.Events], IsActive = true }, cancellationToken).ConfigureAwait(false);
                }

                Reused(logger, id, OptionsDescription.Redacted(url));
                continue;
            }

            // Its secret is lost (UGiftMe shows it only at creation): its deliveries could never be verified here.
            await webhooks.DeleteAsync(id, cancellationToken).ConfigureAwait(false);
            DeletedOrphan(logger, id, OptionsDescription.Redacted(url));
        }

        if (_subscriptionId is not null)
        {
            return;
        }

        var created = (await webhooks.CreateAsync(url, settings.Events, settings.Description, cancellationToken).ConfigureAwait(false)).Value;
        var newId = created.Id ?? throw new InvalidOperationException("UGiftMe created the webhook subscription without an id.");
        var secret = created.Secret is { Length: > 0 } s ? s : throw new InvalidOperationException("UGiftMe created the webhook subscription without its secret.");
        await store.SaveAsync(newId, secret, cancellationToken).ConfigureAwait(false);
        secrets.Add(secret);
        _subscriptionId = newId;
        Created(logger, newId, OptionsDescription.Redacted(url));
    }

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.DeleteOnStop || _subscriptionId is not { } id)
        {
            return;
        }

        await Client(options.Value).Webhooks.DeleteAsync(id, cancellationToken).ConfigureAwait(false);
        await store.RemoveAsync(id, cancellationToken).ConfigureAwait(false);
        _subscriptionId = null;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private UGiftMeClient Client(UGiftMeWebhookSubscriptionOptions settings) =>
        services.GetRequiredService<IUGiftMeClientFactory>().GetClient(settings.ClientName);

    [LoggerMessage(21, LogLevel.Information, "UGiftMe webhook subscription {SubscriptionId} to {Url} reused with its kept secret.")]
    private static partial void Reused(ILogger logger, string subscriptionId, string url);

    [LoggerMessage(22, LogLevel.Warning, "UGiftMe webhook subscription {SubscriptionId} to {Url} deleted: its secret was not kept, so its deliveries could not be verified.")]
    private static partial void DeletedOrphan(ILogger logger, string subscriptionId, string url);

    [LoggerMessage(23, LogLevel.Information, "UGiftMe webhook subscription {SubscriptionId} to {Url} created; its secret is kept and given to the receiver.")]
    private static partial void Created(ILogger logger, string subscriptionId, string url);
}
