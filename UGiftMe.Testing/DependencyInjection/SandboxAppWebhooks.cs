using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using UGiftMe.AspNetCore;
using UGiftMe.Sandbox;

namespace UGiftMe.Testing;

/// <summary>
/// The app under test's side of its sandbox subscription, made once per app (a singleton): the route of
/// <see cref="UGiftMeSandboxAppOptions.WebhookUrl"/> into the app and, when asked, the subscription whose secret the
/// receiver gets. An app that subscribes itself at start-up (<c>AddUGiftMeWebhookSubscription</c>) keeps doing so,
/// through the sandbox: its URL is routed into the app and no second subscription is made. Disposed with the app,
/// which ends the route and deletes the subscription made here.
/// </summary>
internal sealed class SandboxAppWebhooks : IDisposable
{
    private readonly UGiftMeSandbox _sandbox;
    private readonly Uri _url;
    private readonly AppServerHandler _handler;

    public SandboxAppWebhooks(UGiftMeSandbox sandbox, UGiftMeSandboxAppOptions options, IServiceProvider services)
    {
        _sandbox = sandbox;
        var ownUrl = services.GetService<IUGiftMeWebhookSecretStore>() is not null
            ? services.GetService<IOptions<UGiftMeWebhookSubscriptionOptions>>()?.Value.Url
            : null;
        _url = ownUrl ?? options.WebhookUrl;
        _handler = new AppServerHandler(services);
        sandbox.Webhooks.RouteTo(_url, _handler);
        Subscription = options.SubscribeWebhooks && ownUrl is null ? sandbox.Webhooks.Subscribe(_url, options.WebhookEvents) : null;
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
