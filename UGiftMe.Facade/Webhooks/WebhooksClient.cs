using UGiftMe.Generated;
using UGiftMe.Http;

namespace UGiftMe.Webhooks;

/// <summary>Webhook subscriptions: create (the secret is returned once), list, update, pause/resume, delete, test.</summary>
public class WebhooksClient
{
    private readonly ApiInvoker _invoker = null!;
    private readonly IWebhooksApi _api = null!;

    internal WebhooksClient(ApiInvoker invoker, IWebhooksApi api)
    {
        _invoker = invoker;
        _api = api;
    }

    /// <summary>For mocking in tests.</summary>
    protected WebhooksClient()
    {
    }

    /// <summary>All subscriptions (secrets omitted).</summary>
    public virtual Task<UGiftMeResult<ICollection<WebhookSubscription>>> ListAsync(CancellationToken cancellationToken = default) =>
        _invoker.SendAsync(_api.ListAsync, cancellationToken);
}
