using UGiftMe.AspNetCore;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using UGiftMe.Testing;

namespace UGiftMe.Tests.AspNetCore;

/// <summary>
/// A real <see cref="WebApplication"/> on Kestrel at 127.0.0.1 with an OS-assigned port, with the UGiftMe webhook
/// receiver mapped at <c>/webhooks/ugiftme</c>. Records every event the handler is called with.
/// </summary>
internal sealed class WebhookReceiverHost : IAsyncDisposable
{
    public const string Path = "/webhooks/ugiftme";

    private readonly WebApplication _app;

    private WebhookReceiverHost(WebApplication app, Uri endpoint, HttpClient client)
    {
        _app = app;
        Endpoint = endpoint;
        Client = client;
    }

    public Uri Endpoint { get; }

    public HttpClient Client { get; }

    public ConcurrentQueue<WebhookEvent> Dispatched { get; } = new();

    public FakeLogCollector Logs => _app.Services.GetFakeLogCollector();

    public IServiceProvider Services => _app.Services;

    public static async Task<WebhookReceiverHost> StartAsync(
        Action<UGiftMeWebhookOptions> configure,
        Func<WebhookEvent, CancellationToken, Task>? handler = null,
        Action<WebApplicationBuilder>? customize = null,
        Action<WebApplication>? configureApp = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Debug).AddFakeLogging();
        builder.Services.AddUGiftMeWebhooks(configure);
        customize?.Invoke(builder);
        var app = builder.Build();
        configureApp?.Invoke(app);

        WebhookReceiverHost? host = null;
        app.MapUGiftMeWebhooks(Path, async (WebhookEvent evt, CancellationToken ct) =>
        {
            host!.Dispatched.Enqueue(evt);
            if (handler is not null)
            {
                await handler(evt, ct);
            }
        });

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.Single();
        var baseAddress = new Uri(address);
        host = new WebhookReceiverHost(app, new Uri(baseAddress, Path), new HttpClient { BaseAddress = baseAddress });
        return host;
    }

    public async Task<HttpResponseMessage> PostAsync(SignedWebhookDelivery delivery)
    {
        using var request = delivery.ToHttpRequestMessage(Endpoint);
        return await Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
