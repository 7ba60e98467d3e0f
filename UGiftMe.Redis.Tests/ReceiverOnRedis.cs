using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using UGiftMe.Testing;
using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Redis.Tests;

/// <summary>
/// One webhook receiver, as a real <see cref="WebApplication"/> on 127.0.0.1 with the system clock, whose
/// de-duplication store is the one given (a <see cref="RedisWebhookDeduplicationStore"/>); its handler is a
/// <see cref="ScriptedWebhookHandler"/> that several instances may share.
/// </summary>
public sealed class ReceiverOnRedis : IAsyncDisposable
{
    public const string Secret = "whsec_redis_claim_tests";
    private const string Path = "/webhooks/ugiftme";

    private readonly WebApplication _app;
    private readonly HttpClient _http = new();

    private ReceiverOnRedis(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    public FakeLogCollector Logs => _app.Services.GetFakeLogCollector();

    public static async Task<ReceiverOnRedis> StartAsync(IWebhookDeduplicationStore store, ScriptedWebhookHandler handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Debug).AddFakeLogging();
        builder.Services.AddUGiftMeWebhooks(options => options.Secrets.Add(Secret));
        builder.Services.AddSingleton(store);
        var app = builder.Build();
        app.MapUGiftMeWebhooks(Path, (WebhookEvent _, CancellationToken _) => handler.RunAsync());
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new ReceiverOnRedis(app, new Uri(new Uri(address), Path));
    }

    public static SignedWebhookDelivery Delivery() => new WebhookSigner(Secret).CreateDelivery(WebhookEventNames.OrderSucceeded, new
    {
        orderRequestId = Guid.NewGuid().ToString("N")[..24],
        status = "succeeded",
        type = "single",
        result = new { orderId = "65f5a6b7c8d9e01234567890" },
        timestamp = "2026-01-01T00:00:05.000Z",
    });

    public static string IdempotencyKeyOf(SignedWebhookDelivery delivery) =>
        new WebhookVerifier(Secret).Verify(delivery.Body.Span, delivery.ToWebhookHeaders()).IdempotencyKey;

    public async Task<int> PostAsync(SignedWebhookDelivery delivery)
    {
        using var request = delivery.ToHttpRequestMessage(Endpoint);
        using var response = await _http.SendAsync(request);
        return (int)response.StatusCode;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
