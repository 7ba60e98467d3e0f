using UGiftMe.Sandbox;

namespace UGiftMe.Testing;

/// <summary>
/// The app under test's side of its sandbox subscription, made once per app (a singleton): the route of
/// <see cref="UGiftMeSandboxAppOptions.WebhookUrl"/> into the app and, when asked, the subscription whose secret the
/// receiver gets. Disposed with the app, which ends the route and deletes the subscription.
/// </summary>
internal sealed class SandboxAppWebhooks : IDisposable
{
    private readonly UGiftMeSandbox _sandbox;
    private readonly Uri _url;
    private readonly AppServerHandler _handler;

    public SandboxAppWebhooks(UGiftMeSandbox sandbox, UGiftMeSandboxAppOptions options, IServiceProvider services)
    {
        _sandbox = sandbox;
        _url = options.WebhookUrl;
        _handler = new AppServerHandler(services);
        sandbox.Webhooks.RouteTo(_url, _handler);
        Subscription = options.SubscribeWebhooks ? sandbox.Webhooks.Subscribe(_url, options.WebhookEvents) : null;
    }

    public SandboxWebhookSubscriptionSnapshot? Subscription { get; }

    public void Dispose()
    {
        // The subscription lives as long as the app: a later app on the same sandbox gets its own.
        if (Subscription is not null)
        {
            _sandbox.Webhooks.Unsubscribe(Subscription.Id);
        }

        _sandbox.Webhooks.RemoveRoute(_url, _handler);
        _handler.Dispose();
    }
}
