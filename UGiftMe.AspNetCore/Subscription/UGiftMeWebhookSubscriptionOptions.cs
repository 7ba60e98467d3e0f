using System.Diagnostics;

namespace UGiftMe.AspNetCore;

/// <summary>
/// The subscription <c>AddUGiftMeWebhookSubscription</c> makes sure of at start-up: which URL UGiftMe delivers to, which
/// events, and through which UGiftMe client. Bound from configuration (for example <c>UGiftMe:Webhooks:Subscription</c>)
/// or set in code; validated at start-up.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class UGiftMeWebhookSubscriptionOptions
{
    /// <summary>
    /// Your endpoint's public URL, the one <c>MapUGiftMeWebhooks</c> serves (required; HTTPS, or a loopback address
    /// for local development).
    /// </summary>
    public Uri? Url { get; set; }

    /// <summary>
    /// The events to subscribe. Default the four order events (<c>order.queued</c>, <c>order.processing</c>,
    /// <c>order.succeeded</c>, <c>order.failed</c>), which also end the client's order waits the moment they arrive.
    /// </summary>
    public IList<string> Events { get; } =
    [
        WebhookEventNames.OrderQueued, WebhookEventNames.OrderProcessing, WebhookEventNames.OrderSucceeded, WebhookEventNames.OrderFailed,
    ];

    /// <summary>The subscription's description in UGiftMe. Default <c>UGiftMe .NET SDK</c>.</summary>
    public string? Description { get; set; } = "UGiftMe .NET SDK";

    /// <summary>The name of the UGiftMe client (<c>AddUGiftMe(name, ...)</c>) to subscribe with; empty for the default client.</summary>
    public string ClientName { get; set; } = string.Empty;

    /// <summary>
    /// Whether to delete the subscription when the application stops. Default <see langword="false"/>: a production
    /// subscription outlives restarts (keep its secret in an <see cref="IUGiftMeWebhookSecretStore"/>). Set it for
    /// short-lived environments (a developer's machine, a preview deployment).
    /// </summary>
    public bool DeleteOnStop { get; set; }

    /// <summary>A description for logs and debuggers.</summary>
    public override string ToString() => new OptionsDescription(this).Add(Url).Add(Events).Add(Description).Add(ClientName).Add(DeleteOnStop).ToString();
}
