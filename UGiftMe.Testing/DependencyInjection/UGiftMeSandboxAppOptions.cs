using System.Diagnostics;
using UGiftMe.Sandbox.Webhooks;

namespace UGiftMe.Testing;

/// <summary>How <c>services.AddUGiftMeSandbox(sandbox)</c> wires an app under test to a <see cref="UGiftMeSandbox"/>.</summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class UGiftMeSandboxAppOptions
{
    /// <summary>The default <see cref="WebhookUrl"/>: <c>http://localhost/webhooks/ugiftme</c>.</summary>
    public static readonly Uri DefaultWebhookUrl = new("http://localhost/webhooks/ugiftme");

    /// <summary>
    /// Whether to subscribe the app's webhook endpoint in the sandbox and give the subscription's secret to the app's
    /// receiver (<c>AddUGiftMeWebhooks</c>). Default <see langword="true"/>. An app that subscribes itself with
    /// <c>AddUGiftMeWebhookSubscription</c> is left to do so (through the sandbox), and its URL is delivered into the
    /// app instead of <see cref="WebhookUrl"/>. Turn it off when the app subscribes by code of its own; <see cref="WebhookUrl"/>
    /// is still delivered into the app.
    /// </summary>
    public bool SubscribeWebhooks { get; set; } = true;

    /// <summary>
    /// The URL the subscription delivers to; its path must be the one the app maps with <c>MapUGiftMeWebhooks</c>.
    /// Deliveries to it go into the app in process, whatever its host. Default <see cref="DefaultWebhookUrl"/>.
    /// </summary>
    public Uri WebhookUrl { get; set; } = DefaultWebhookUrl;

    /// <summary>The events subscribed; default every event a subscription can be updated to (order.*, product.updated, wallet.updated).</summary>
    public IList<string> WebhookEvents { get; } = [.. WebhookEndpoints.UpdatableEvents];

    /// <summary>A description for logs and debuggers.</summary>
    public override string ToString() => new OptionsDescription(this).Add(SubscribeWebhooks).Add(WebhookUrl).Add(WebhookEvents).ToString();
}
