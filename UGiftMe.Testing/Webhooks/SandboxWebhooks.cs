using UGiftMe.Sandbox;
using UGiftMe.Sandbox.Webhooks;

namespace UGiftMe.Testing;

/// <summary>
/// Webhook subscriptions and signed deliveries. Subscriptions made through the API (<c>client.Webhooks.CreateAsync</c>)
/// or with <see cref="Subscribe"/> are delivered like UGiftMe's: <c>X-Webhook-Event</c>, <c>X-Webhook-Signature</c>
/// (HMAC-SHA256 of the body, keyed with the subscription's secret) and retries after each <c>Webhooks.RetryDelays</c>
/// entry on the sandbox clock. A URL given a route (<see cref="RouteTo(Uri, HttpMessageHandler)"/>) is delivered
/// through that handler, e.g. the <c>TestServer</c> of a <c>WebApplicationFactory</c>; others over the network.
/// </summary>
public sealed class SandboxWebhooks
{
    private readonly SandboxServer _server;
    private readonly WebhookRouter _router;

    internal SandboxWebhooks(SandboxServer server, WebhookRouter router)
    {
        _server = server;
        _router = router;
    }

    /// <summary>The subscriptions, with their secrets and delivery counts.</summary>
    public IReadOnlyList<SandboxWebhookSubscriptionSnapshot> Subscriptions => _server.State.WebhookSubscriptions;

    /// <summary>Every delivery attempt, in the order they finished (retries included).</summary>
    public IReadOnlyList<SandboxWebhookDelivery> Deliveries => _server.State.WebhookDeliveries;

    /// <summary>
    /// Subscribes <paramref name="url"/> to <paramref name="events"/> directly (no API call), as
    /// <c>POST /webhooks</c> would, and routes its deliveries through <paramref name="deliverThrough"/> when given.
    /// </summary>
    /// <param name="url">Where deliveries go.</param>
    /// <param name="events">The events; default every event a subscription can be updated to (order.*, product.updated, wallet.updated).</param>
    /// <param name="deliverThrough">A handler to deliver through (e.g. <c>factory.Server.CreateHandler()</c>); the sandbox does not dispose it.</param>
    /// <returns>The subscription, with the secret to verify its deliveries.</returns>
    public SandboxWebhookSubscriptionSnapshot Subscribe(Uri url, IEnumerable<string>? events = null, HttpMessageHandler? deliverThrough = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException("A webhook URL is an absolute http(s) URL.", nameof(url));
        }

        List<string> names = [.. events ?? WebhookEndpoints.UpdatableEvents];
        var unknown = names.Where(name => !WebhookEndpoints.CreatableEvents.Contains(name, StringComparer.Ordinal)).ToArray();
        if (names.Count == 0 || unknown.Length > 0)
        {
            throw new ArgumentException(
                $"Subscribe to at least one of {string.Join(", ", WebhookEndpoints.CreatableEvents)}; unknown: {string.Join(", ", unknown)}.", nameof(events));
        }

        if (deliverThrough is not null)
        {
            RouteTo(url, deliverThrough);
        }

        var created = WebhookEndpoints.Subscribe(_server.Context, url, names, "UGiftMe.Testing");
        return Subscriptions.Single(s => s.Id == created.Id);
    }

    /// <summary>Deletes a subscription (as <c>DELETE /webhooks/{id}</c>): no more deliveries or retries for it.</summary>
    /// <param name="subscriptionId">The subscription's id.</param>
    /// <returns>Whether it existed.</returns>
    public bool Unsubscribe(string subscriptionId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subscriptionId);
        return WebhookEndpoints.Unsubscribe(_server.Context, subscriptionId);
    }

    /// <summary>
    /// Delivers everything sent to <paramref name="url"/> (its scheme, host, port and path) through
    /// <paramref name="handler"/> instead of the network. A later route for the same URL replaces this one.
    /// </summary>
    /// <param name="url">The subscription URL.</param>
    /// <param name="handler">The handler, e.g. <c>factory.Server.CreateHandler()</c>; the sandbox does not dispose it.</param>
    public void RouteTo(Uri url, HttpMessageHandler handler)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(handler);
        _router.Route(url, handler);
    }

    /// <summary>Ends a route made with <see cref="RouteTo(Uri, HttpMessageHandler)"/> (unless another handler has replaced it since).</summary>
    /// <param name="url">The subscription URL.</param>
    /// <param name="handler">The handler it was routed to.</param>
    public void RemoveRoute(Uri url, HttpMessageHandler handler)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(handler);
        _router.Unroute(url, handler);
    }

    /// <summary>
    /// Completes with the first attempt to deliver <paramref name="eventName"/> that matches <paramref name="match"/>
    /// — already made or made later — whatever the receiver answered (check
    /// <see cref="SandboxWebhookDelivery.Succeeded"/>). A signal: no polling, no sleeping.
    /// </summary>
    /// <param name="eventName">The event, e.g. <see cref="WebhookEventNames.OrderSucceeded"/>.</param>
    /// <param name="match">An extra condition, e.g. on <see cref="SandboxWebhookDelivery.Body"/> or the attempt number.</param>
    /// <param name="cancellationToken">Gives up waiting.</param>
    /// <returns>The delivery attempt.</returns>
    public async Task<SandboxWebhookDelivery> WaitForDeliveryAsync(
        string eventName, Func<SandboxWebhookDelivery, bool>? match = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        SandboxWebhookDelivery? found = null;
        await _server.State.WaitForWebhookDeliveriesAsync(
            deliveries => (found = deliveries.FirstOrDefault(d =>
                string.Equals(d.Event, eventName, StringComparison.Ordinal) && (match is null || match(d)))) is not null,
            cancellationToken).ConfigureAwait(false);
        return found!;
    }
}
