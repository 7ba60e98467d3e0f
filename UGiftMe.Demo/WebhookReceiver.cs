using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using UGiftMe.AspNetCore;

namespace UGiftMe.Demo;

/// <summary>
/// A local webhook endpoint: Kestrel on 127.0.0.1 with <c>MapUGiftMeWebhooks</c> from UGiftMe.AspNetCore, which reads
/// the raw body, checks the signature with the subscription's secret and hands over typed events.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<WebhookEvent> _events;

    private WebhookReceiver(WebApplication app, Channel<WebhookEvent> events)
    {
        _app = app;
        _events = events;
    }

    /// <summary>Verified events, in the order they arrived.</summary>
    public ChannelReader<WebhookEvent> Events => _events.Reader;

    /// <summary>The port the receiver listens on.</summary>
    public int Port => new Uri(_app.Urls.Single()).Port;

    /// <summary>
    /// Starts the receiver on <paramref name="port"/> (0: any free port, then see <see cref="Port"/>). It refuses
    /// deliveries until <see cref="AcceptSecret"/> gives it the subscription's secret, so it can listen before the
    /// subscription that names its URL is made.
    /// </summary>
    public static async Task<WebhookReceiver> StartAsync(int port, string path, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Services.AddUGiftMeWebhooks(options => options.RequireSecretAtStartup = false);

        var app = builder.Build();
        var events = Channel.CreateUnbounded<WebhookEvent>();
        app.MapUGiftMeWebhooks(path, (webhookEvent, ct) => events.Writer.WriteAsync(webhookEvent, ct).AsTask());
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new WebhookReceiver(app, events);
    }

    /// <summary>Accepts deliveries signed with <paramref name="secret"/> from now on (UGiftMeWebhookSecrets).</summary>
    public void AcceptSecret(string secret) => _app.Services.GetRequiredService<UGiftMeWebhookSecrets>().Add(secret);

    public async ValueTask DisposeAsync()
    {
        _events.Writer.TryComplete();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
