namespace UGiftMe.IntegrationTests.Webhooks;

public class WebhookSubscriptionTests : IntegrationTest
{
    [Test]
    public async Task CreateListUpdatePauseResumeDelete_LoopbackUrl_ManagesOneSubscription()
    {
        var harness = await StartAsync();
        var webhooks = harness.Client.Webhooks;
        var url = new Uri("http://127.0.0.1:9/webhooks/ugiftme");

        CreatedWebhook created = await webhooks.CreateAsync(url, [WebhookEventNames.OrderSucceeded, WebhookEventNames.PaymentFailed], "first");
        var id = created.Id!;
        var listed = (await webhooks.ListAsync()).Value.Single();
        UpdatedWebhook updated = await webhooks.UpdateAsync(id, new WebhookUpdate { Events = [WebhookEventNames.WalletUpdated], Description = "second" });
        await webhooks.PauseAsync(id);
        var paused = harness.Sandbox.State.WebhookSubscriptions.Single();
        await webhooks.ResumeAsync(id);
        var resumed = harness.Sandbox.State.WebhookSubscriptions.Single();
        var deleted = await webhooks.DeleteAsync(id);
        var again = await CatchAsync<ResourceNotFoundException>(webhooks.DeleteAsync(id));

        Assert.That(created.Secret, Does.Match("^[0-9a-f]{64}$"));
        Assert.That(created.Secret, Is.EqualTo(paused.Secret));
        Assert.That(listed.Id, Is.EqualTo(id));
        Assert.That(listed.Url, Is.EqualTo(url.AbsoluteUri));
        Assert.That(listed.Events, Is.EqualTo(new[] { "order.succeeded", "payment.failed" }));
        Assert.That(updated.Webhook.Events, Is.EqualTo(new[] { "wallet.updated" }));
        Assert.That(updated.Webhook.Description, Is.EqualTo("second"));
        Assert.That(paused.IsActive, Is.False);
        Assert.That(resumed.IsActive, Is.True);
        Assert.That(deleted.StatusCode, Is.EqualTo(200));
        Assert.That(again.StatusCode, Is.EqualTo(404));
        Assert.That(harness.Sandbox.State.WebhookSubscriptions, Is.Empty);
    }

    [Test]
    public async Task SendTestAsync_ReceiverWithTheSecret_DeliveryIsVerifiedByTheAspNetCoreReceiver()
    {
        var harness = await StartAsync();
        var (receiver, webhook) = await harness.SubscribeReceiverAsync([WebhookEventNames.OrderSucceeded]);

        TestDeliveryResult result = await harness.Client.Webhooks.SendTestAsync(webhook.Id!);
        var received = await receiver.NextAsync<WebhookEvent<WebhookTestEvent>>(null, CancellationToken.None);

        Assert.That(result.Ok, Is.True);
        Assert.That(result.StatusCode, Is.EqualTo(200));
        Assert.That(received.IsTest, Is.True);
        Assert.That(received.Payload.Data?.Message, Is.EqualTo(result.Payload.Data!.Message));
    }

    [Test]
    public async Task SendTestAsync_ReceiverWithAnotherSecret_ReportsThe401InTheResult()
    {
        var harness = await StartAsync();
        var (_, webhook) = await harness.SubscribeReceiverAsync([WebhookEventNames.OrderSucceeded], receiverSecret: new string('a', 64));

        TestDeliveryResult result = await harness.Client.Webhooks.SendTestAsync(webhook.Id!);

        Assert.That(result.Ok, Is.False);
        Assert.That(result.StatusCode, Is.EqualTo(401));
        Assert.That(harness.Sandbox.State.WebhookDeliveries.Single().StatusCode, Is.EqualTo(401));
    }

    [Test]
    public async Task GetTestSampleAsync_Always_DescribesTheWebhookTestEvent()
    {
        var harness = await StartAsync();

        TestDeliverySample sample = await harness.Client.Webhooks.GetTestSampleAsync();

        Assert.That(sample.Event, Is.EqualTo("webhook.test"));
        Assert.That(sample.Payload!.Type, Is.EqualTo("webhook.test"));
    }

    [Test]
    public async Task FindByUrlAsync_CreateAnswered503AfterTheWork_FindsTheSubscriptionWhoseSecretWasLostSoItCanBeReplaced()
    {
        var harness = await StartAsync();
        var webhooks = harness.Client.Webhooks;
        var url = new Uri("http://127.0.0.1:9/webhooks/ugiftme?tenant=7");
        await webhooks.CreateAsync(new Uri("http://127.0.0.1:9/webhooks/other"), [WebhookEventNames.OrderFailed], "another receiver");
        harness.Sandbox.Faults.Enqueue(SandboxFault.ServerErrorAfterWork);

        var lost = await CatchAsync<ServerErrorException>(webhooks.CreateAsync(url, [WebhookEventNames.OrderSucceeded], "lost answer"));
        var orphans = await webhooks.FindByUrlAsync(new Uri("HTTP://127.0.0.1:9/webhooks/ugiftme?tenant=7"));
        foreach (var orphan in orphans)
        {
            await webhooks.DeleteAsync(orphan.Id!);
        }

        CreatedWebhook replacement = await webhooks.CreateAsync(url, [WebhookEventNames.OrderSucceeded], "replacement");

        Assert.That(lost.StatusCode, Is.EqualTo(503));
        Assert.That(lost.RetryCount, Is.Zero, "a webhook create carries no idempotency key, so it is not retried");
        Assert.That(orphans.Select(o => (o.Url, o.Description)), Is.EqualTo(new[] { (url.AbsoluteUri, "lost answer") }));
        var remaining = harness.Sandbox.State.WebhookSubscriptions;
        Assert.That(remaining.Select(w => w.Url.AbsoluteUri), Is.EquivalentTo(new[] { "http://127.0.0.1:9/webhooks/other", url.AbsoluteUri }));
        Assert.That(remaining.Single(w => w.Url == url).Secret, Is.EqualTo(replacement.Secret), "only the subscription whose secret we hold is left");
        Assert.That(await webhooks.FindByUrlAsync(new Uri("http://127.0.0.1:9/webhooks/ugiftme")), Is.Empty, "the query is part of the URL");
    }
}
