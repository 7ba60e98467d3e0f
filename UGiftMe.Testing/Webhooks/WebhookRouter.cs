using System.Collections.Concurrent;

namespace UGiftMe.Testing;

/// <summary>
/// The sandbox's delivery handler: a delivery to a URL routed by <see cref="SandboxWebhooks.RouteTo(Uri, HttpMessageHandler)"/>
/// goes through that URL's handler (e.g. an app under test's <c>TestServer</c>); any other goes out over the network
/// (or through <c>SandboxOptions.WebhookHandler</c> when one was given).
/// </summary>
internal sealed class WebhookRouter : HttpMessageHandler
{
    private readonly ConcurrentDictionary<string, (HttpMessageHandler Handler, HttpMessageInvoker Invoker)> _routes = new(StringComparer.OrdinalIgnoreCase);
    private readonly HttpMessageInvoker _fallback;

    public WebhookRouter(HttpMessageHandler? fallback) =>
        _fallback = fallback is null
            ? new HttpMessageInvoker(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }, disposeHandler: true)
            : new HttpMessageInvoker(fallback, disposeHandler: false);

    public static string KeyOf(Uri url) => url.GetLeftPart(UriPartial.Path);

    public void Route(Uri url, HttpMessageHandler handler) =>
        _routes[KeyOf(url)] = (handler, new HttpMessageInvoker(handler, disposeHandler: false));

    public void Unroute(Uri url, HttpMessageHandler handler)
    {
        // Only this handler's route: a later registration of the same URL stays.
        if (_routes.TryGetValue(KeyOf(url), out var route) && ReferenceEquals(route.Handler, handler))
        {
            _routes.TryRemove(KeyOf(url), out _);
        }
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var target = request.RequestUri is { } uri && _routes.TryGetValue(KeyOf(uri), out var route) ? route.Invoker : _fallback;
        return target.SendAsync(request, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _fallback.Dispose();
            _routes.Clear();
        }

        base.Dispose(disposing);
    }
}
