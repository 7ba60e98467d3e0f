using UGiftMe.IntegrationTests.Orders;

namespace UGiftMe.IntegrationTests.Webhooks;

/// <summary>Deliveries the sandbox sends on its own, received and verified by the UGiftMe.AspNetCore endpoint.</summary>
public class WebhookDeliveryTests : IntegrationTest
{
    [Test]
    public async Task SyncOrder_SubscribedReceiver_GetsAVerifiedWalletUpdatedForTheDebit()
    {
        var harness = await StartAsync();
        var (receiver, _) = await harness.SubscribeReceiverAsync([WebhookEventNames.WalletUpdated]);

        var order = await harness.Client.Orders.CreateAndWaitAsync(OrderRequests.Amazon(50));
        var updated = await receiver.NextAsync<WebhookEvent<WalletUpdatedEvent>>(e => e.Payload.Transaction?.OrderId == order.Id, CancellationToken.None);

        Assert.That(updated.Payload.Balance, Is.EqualTo(1950));
        Assert.That(updated.Payload.Currency, Is.EqualTo("GBP"));
        Assert.That(updated.Payload.Transaction!.Type, Is.EqualTo("debit"));
        Assert.That(updated.Payload.Transaction.Amount, Is.EqualTo(50));
    }

    [Test]
    public async Task AsyncOrder_SubscribedReceiver_GetsQueuedThenProcessingThenSucceededAndWalletUpdated()
    {
        var clock = new TestClock();
        var harness = await StartAsync(
            sandbox =>
            {
                sandbox.OrdersAsync = true;
                sandbox.OrderWorker.QueuedDuration = TimeSpan.FromSeconds(2);
                sandbox.OrderWorker.ProcessingDuration = TimeSpan.FromSeconds(3);
                // Deliveries run in real time; their timeout is on the fake clock, which this test moves by hand.
                sandbox.Webhooks.DeliveryTimeout = TimeSpan.FromHours(1);
            },
            clock: clock);
        var (receiver, _) = await harness.SubscribeReceiverAsync(
            [WebhookEventNames.OrderQueued, WebhookEventNames.OrderProcessing, WebhookEventNames.OrderSucceeded, WebhookEventNames.WalletUpdated]);

        var operation = await harness.Client.Orders.StartAsync(OrderRequests.Amazon(50));
        var queued = await receiver.NextAsync<WebhookEvent>(null, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(2));
        var processing = await receiver.NextAsync<WebhookEvent>(null, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(3));
        // order.succeeded and wallet.updated are published together and delivered in parallel: either may come first.
        var completed = await receiver.ReadUntilAsync(events => events.Count == 2, CancellationToken.None);
        var succeeded = completed.OfType<WebhookEvent<OrderSucceededEvent>>().Single();
        var debited = completed.OfType<WebhookEvent<WalletUpdatedEvent>>().Single();
        var status = await operation.UpdateStatusAsync();
        await harness.Sandbox.State.WaitForWebhookDeliveriesAsync(deliveries => deliveries.Count == 4, CancellationToken.None);

        Assert.That(queued, Is.TypeOf<WebhookEvent<OrderQueuedEvent>>());
        Assert.That(((WebhookEvent<OrderQueuedEvent>)queued).Payload.OrderRequestId, Is.EqualTo(operation.OrderRequestId));
        Assert.That(processing, Is.TypeOf<WebhookEvent<OrderProcessingEvent>>());
        Assert.That(succeeded.Payload.OrderRequestId, Is.EqualTo(operation.OrderRequestId));
        Assert.That(status.Status, Is.EqualTo("succeeded"));
        Assert.That(succeeded.Payload.Result?.OrderId, Is.EqualTo(operation.Value.Id));
        Assert.That(debited.Payload.Source, Is.EqualTo("api_order_async"));
        Assert.That(debited.Payload.Transaction!.OrderId, Is.EqualTo(succeeded.Payload.Result?.OrderId));
        Assert.That(harness.Sandbox.State.WebhookDeliveries.Select(d => d.StatusCode), Is.All.EqualTo(200));
    }
}
