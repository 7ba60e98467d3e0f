namespace UGiftMe.Redis.Tests;

/// <summary>Issue 14 in one process, no Redis: the receiver mapped with MapUGiftMeWebhooks ends the client's wait.</summary>
public sealed class SingleInstanceTests
{
    [Test]
    public async Task DeliveryToTheReceiver_CompletesTheWaitOfTheSameApplicationsClient()
    {
        await using var api = await FakeUGiftMeApi.StartAsync();
        await using var app = await AppInstance.StartAsync(api, redisConnectionString: null);
        using var http = new HttpClient();
        var (requestId, orderId) = TwoInstancesOnOneRedisTests.NewIds();
        var wait = app.Client.Orders.Resume(requestId).WaitForCompletionAsync();
        await UGiftMe.Tests.TestSupport.TestClock.WaitUntilAsync(() => api.PollsOf(requestId) == 1, "the resumed operation asked once");

        var status = await app.PostAsync(http, AppInstance.Succeeded(requestId, orderId));
        var order = await wait;

        Assert.That(status, Is.EqualTo(200));
        Assert.That(order.Id, Is.EqualTo(orderId));
        Assert.That(api.PollsOf(requestId), Is.EqualTo(1));
        Assert.That(app.Notifier.IsConnected, Is.True);
    }
}
