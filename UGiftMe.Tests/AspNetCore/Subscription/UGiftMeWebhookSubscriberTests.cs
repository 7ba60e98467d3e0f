using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using UGiftMe.AspNetCore;
using UGiftMe.Models;
using UGiftMe.Sandbox;
using UGiftMe.Testing;

namespace UGiftMe.Tests.AspNetCore.Subscription;

/// <summary>
/// AddUGiftMeWebhookSubscription against the in-process sandbox: the app subscribes its endpoint at start-up through its
/// own client, and the sandbox delivers to that URL into the app (AddUGiftMeSandbox routes it there), so a delivery that
/// the receiver verifies proves the secret reached it.
/// </summary>
public sealed class UGiftMeWebhookSubscriberTests
{
    private static readonly Uri Endpoint = new("https://shop.example.com/webhooks/ugiftme");
    private static readonly CreateOrderRequest Card = new() { ProductCode = "AMAZON_UK_STD", Merchant = "Amazon UK", Currency = "GBP", ValuePurchased = 25 };

    [Test]
    public async Task Start_WithoutAKeptSecret_SubscribesAndTheReceiverVerifiesTheDeliveries()
    {
        await using var sandbox = await UGiftMeSandbox.StartAsync(new SandboxOptions { OrdersAsync = true, TimeProvider = new FakeTimeProvider() });
        var received = new ConcurrentQueue<WebhookEvent>();
        await using var app = await StartAppAsync(sandbox, received);

        var operation = await app.Services.GetRequiredService<UGiftMeClient>().Orders.StartAsync(Card);
        var delivery = await sandbox.Webhooks.WaitForDeliveryAsync(WebhookEventNames.OrderQueued);

        var subscription = sandbox.Webhooks.Subscriptions.Single();
        Assert.That(subscription.Url, Is.EqualTo(Endpoint), "the app's URL, not the testing kit's default one");
        Assert.That(subscription.Events, Is.EquivalentTo(new[] { "order.queued", "order.processing", "order.succeeded", "order.failed" }));
        Assert.That(delivery.Succeeded, Is.True, $"{delivery.StatusCode} {delivery.Error}");
        Assert.That(received.OfType<WebhookEvent<OrderQueuedEvent>>().Single().Payload.OrderRequestId, Is.EqualTo(operation.OrderRequestId));
        Assert.That(await app.Services.GetRequiredService<IUGiftMeWebhookSecretStore>().GetAsync(subscription.Id), Is.EqualTo(subscription.Secret));
    }

    [Test]
    public async Task Start_WithTheSecretKept_ReusesTheSubscription()
    {
        await using var sandbox = await UGiftMeSandbox.StartAsync(new SandboxOptions { OrdersAsync = true, TimeProvider = new FakeTimeProvider() });
        var earlier = sandbox.Webhooks.Subscribe(Endpoint, ["order.queued", "order.processing", "order.succeeded", "order.failed"]);
        var store = new InMemoryUGiftMeWebhookSecretStore();
        await store.SaveAsync(earlier.Id, earlier.Secret);
        await using var app = await StartAppAsync(sandbox, new ConcurrentQueue<WebhookEvent>(), store: store);

        await app.Services.GetRequiredService<UGiftMeClient>().Orders.StartAsync(Card);
        var delivery = await sandbox.Webhooks.WaitForDeliveryAsync(WebhookEventNames.OrderQueued);

        Assert.That(sandbox.Webhooks.Subscriptions.Select(s => s.Id), Is.EqualTo(new[] { earlier.Id }));
        Assert.That(delivery.Succeeded, Is.True, $"{delivery.StatusCode} {delivery.Error}");
        Assert.That(sandbox.Traffic.To("POST", "/webhooks"), Is.Empty, "nothing created");
    }

    [Test]
    public async Task Start_WithASubscriptionWhoseSecretIsLost_DeletesItAndSubscribesAnew()
    {
        await using var sandbox = await UGiftMeSandbox.StartAsync(new SandboxOptions { TimeProvider = new FakeTimeProvider() });
        var orphan = sandbox.Webhooks.Subscribe(Endpoint);
        var other = sandbox.Webhooks.Subscribe(new Uri("https://other.example.com/hooks"));

        await using var app = await StartAppAsync(sandbox, new ConcurrentQueue<WebhookEvent>());

        var ids = sandbox.Webhooks.Subscriptions.Select(s => s.Id).ToArray();
        Assert.That(ids, Does.Not.Contain(orphan.Id).And.Contain(other.Id), "only the subscriptions to this app's URL are touched");
        Assert.That(sandbox.Webhooks.Subscriptions.Count(s => s.Url == Endpoint), Is.EqualTo(1));
    }

    [Test]
    public async Task Stop_WithDeleteOnStop_DeletesTheSubscriptionAndForgetsItsSecret()
    {
        await using var sandbox = await UGiftMeSandbox.StartAsync(new SandboxOptions { TimeProvider = new FakeTimeProvider() });
        var store = new InMemoryUGiftMeWebhookSecretStore();
        var app = await StartAppAsync(sandbox, new ConcurrentQueue<WebhookEvent>(), deleteOnStop: true, store: store);
        var id = sandbox.Webhooks.Subscriptions.Single().Id;

        await app.StopAsync();
        await app.DisposeAsync();

        Assert.That(sandbox.Webhooks.Subscriptions, Is.Empty);
        Assert.That(await store.GetAsync(id), Is.Null);
    }

    [Test]
    public void Options_WithoutAUrl_StopTheStartWithAMessage()
    {
        var services = new ServiceCollection();
        services.AddUGiftMeWebhookSubscription(_ => { });
        using var provider = services.BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => _ = provider.GetRequiredService<IOptions<UGiftMeWebhookSubscriptionOptions>>().Value);

        Assert.That(failure!.Message, Does.Contain("UGiftMeWebhookSubscriptionOptions.Url is required"));
    }

    [Test]
    public async Task SecretStore_ToString_NeverShowsASecret()
    {
        var store = new InMemoryUGiftMeWebhookSecretStore();
        await store.SaveAsync("sub-1", "s3cr3t-value");

        Assert.That(store.ToString(), Does.Not.Contain("s3cr3t").And.Contain("1 secret"));
    }

    private static async Task<WebApplication> StartAppAsync(
        UGiftMeSandbox sandbox, ConcurrentQueue<WebhookEvent> received, bool deleteOnStop = false, IUGiftMeWebhookSecretStore? store = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseTestServer();
        if (store is not null)
        {
            builder.Services.AddSingleton(store);
        }

        builder.Services.AddUGiftMe(_ => { });
        builder.Services.AddUGiftMeWebhooks(_ => { });
        builder.Services.AddUGiftMeWebhookSubscription(options =>
        {
            options.Url = Endpoint;
            options.DeleteOnStop = deleteOnStop;
        });
        builder.Services.AddUGiftMeSandbox(sandbox);
        var app = builder.Build();
        app.MapUGiftMeWebhooks(Endpoint.AbsolutePath, (WebhookEvent webhookEvent, CancellationToken _) =>
        {
            received.Enqueue(webhookEvent);
            return Task.CompletedTask;
        });
        await app.StartAsync();
        return app;
    }
}
