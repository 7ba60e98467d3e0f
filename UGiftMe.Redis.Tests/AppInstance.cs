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
using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Redis.Tests;

/// <summary>
/// One instance of an application, as a real <see cref="WebApplication"/> on 127.0.0.1: a UGiftMe client (fake time for
/// polling, real HTTP to <see cref="FakeUGiftMeApi"/>) and the webhook receiver, set up exactly as the README says —
/// with the Redis backplane when a connection string is given. Counts handler dispatches per delivery.
/// </summary>
public sealed class AppInstance : IAsyncDisposable
{
    public const string Secret = "whsec_redis_backplane_tests";
    public const string Path = "/webhooks/ugiftme";

    private readonly WebApplication _app;

    private AppInstance(WebApplication app, TestClock clock, Uri endpoint)
    {
        _app = app;
        Clock = clock;
        Endpoint = endpoint;
    }

    public TestClock Clock { get; }

    public Uri Endpoint { get; }

    public UGiftMeClient Client => _app.Services.GetRequiredService<UGiftMeClient>();

    public OrderCompletionNotifier Notifier => _app.Services.GetRequiredService<OrderCompletionNotifier>();

    public FakeLogCollector Logs => _app.Services.GetFakeLogCollector();

    /// <summary>Handler calls per delivery (<see cref="WebhookEvent.IdempotencyKey"/>).</summary>
    public ConcurrentDictionary<string, int> Dispatches { get; } = new(StringComparer.Ordinal);

    /// <summary>Starts an instance; <paramref name="webhooksConfirmedBeforeSafetyInterval"/> 0 is an application whose webhooks have proven themselves.</summary>
    public static Task<AppInstance> StartAsync(FakeUGiftMeApi api, string? redisConnectionString, int webhooksConfirmedBeforeSafetyInterval = 0) =>
        StartAsync(api, redisConnectionString is null ? null : ugiftme => ugiftme.AddRedisBackplane(redisConnectionString), webhooksConfirmedBeforeSafetyInterval);

    /// <summary>Starts an instance whose backplane, if any, <paramref name="addBackplane"/> adds to the client's builder.</summary>
    public static async Task<AppInstance> StartAsync(FakeUGiftMeApi api, Action<IHttpClientBuilder>? addBackplane, int webhooksConfirmedBeforeSafetyInterval = 0, Action<IServiceCollection>? configureServices = null)
    {
        var clock = new TestClock();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Limits.MaxConcurrentConnections = null).UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Debug).AddFakeLogging();

        // One clock for the instance: the client's polling and the notifier's trust (its grace for late webhooks).
        builder.Services.AddSingleton<TimeProvider>(clock);
        var ugiftme = builder.Services.AddUGiftMe(options =>
        {
            options.ApiKey = "6b4e22b2-c0a5-4c7a-888a-b38eac20b454";
            options.BaseAddress = api.BaseAddress;
            options.TimeProvider = clock;
            options.AttemptTimeout = Timeout.InfiniteTimeSpan;
            options.TotalTimeout = Timeout.InfiniteTimeSpan;
            options.OrderPolling.WebhooksConfirmedBeforeSafetyInterval = webhooksConfirmedBeforeSafetyInterval;
        });
        addBackplane?.Invoke(ugiftme);
        configureServices?.Invoke(builder.Services);

        builder.Services.AddUGiftMeWebhooks(options => options.Secrets.Add(Secret));
        var app = builder.Build();
        AppInstance? instance = null;
        app.MapUGiftMeWebhooks(Path, (WebhookEvent evt, CancellationToken _) =>
        {
            instance!.Dispatches.AddOrUpdate(evt.IdempotencyKey, 1, (_, n) => n + 1);
            return Task.CompletedTask;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        instance = new AppInstance(app, clock, new Uri(new Uri(address), Path));
        return instance;
    }

    public static SignedWebhookDelivery Succeeded(string orderRequestId, string orderId) =>
        new WebhookSigner(Secret).CreateDelivery(WebhookEventNames.OrderSucceeded, new
        {
            orderRequestId,
            status = "succeeded",
            type = "single",
            result = new { orderId },
            timestamp = "2026-01-01T00:00:05.000Z",
        });

    public async Task<int> PostAsync(HttpClient http, SignedWebhookDelivery delivery)
    {
        using var request = delivery.ToHttpRequestMessage(Endpoint);
        using var response = await http.SendAsync(request);
        return (int)response.StatusCode;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
