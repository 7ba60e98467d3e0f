using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace UGiftMe.Testing;

/// <summary>
/// Delivers into the ASP.NET Core app whose services these are, found at the first delivery (the app is running by
/// then): through its <see cref="TestServer"/> in a <c>WebApplicationFactory</c> test, or to the address its real
/// server listens on.
/// </summary>
internal sealed class AppServerHandler(IServiceProvider services) : HttpMessageHandler
{
    private readonly Lock _gate = new();
    private HttpMessageInvoker? _invoker;
    private Uri? _listening;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var invoker = Invoker();
        if (_listening is { } address && request.RequestUri is { } uri)
        {
            request.RequestUri = new Uri(address, uri.PathAndQuery);
        }

        return await invoker.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _invoker?.Dispose();
        }

        base.Dispose(disposing);
    }

    private HttpMessageInvoker Invoker()
    {
        lock (_gate)
        {
            if (_invoker is not null)
            {
                return _invoker;
            }

            var server = services.GetRequiredService<IServer>();
            if (server is TestServer testServer)
            {
                _invoker = new HttpMessageInvoker(testServer.CreateHandler(), disposeHandler: true);
            }
            else
            {
                var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                    ?? throw new InvalidOperationException("The app under test is not listening yet, so the sandbox has nowhere to deliver.");
                _listening = new Uri(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
                _invoker = new HttpMessageInvoker(new SocketsHttpHandler(), disposeHandler: true);
            }

            return _invoker;
        }
    }
}
