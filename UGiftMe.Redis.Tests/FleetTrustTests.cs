using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Redis.Tests;

/// <summary>
/// Issue 14, the trust in webhooks across instances: two applications (separate <c>WebApplication</c>s, receiver +
/// client each) on one real Redis earn it once for the fleet, and a loss seen on one suspends it at once on the other
/// and revokes it for both. Each instance has its own fake clock.
/// </summary>
[NonParallelizable]
public sealed class FleetTrustTests
{
    private static readonly TimeSpan SafetyLessJitter = TimeSpan.FromSeconds(54);
    private static readonly TimeSpan NormalInterval = new OrderPollingOptions().MinInterval;

    [Test]
    public async Task TrustEarnedByWaitsOnA_IsTrustedOnB_AndByAnInstanceStartedLater()
    {
        using var redis = await RedisServer.StartAsync();
        await using var api = await FakeUGiftMeApi.StartAsync();
        await using var a = await AppInstance.StartAsync(api, redis.ConnectionString, webhooksConfirmedBeforeSafetyInterval: 2);
        await using var b = await AppInstance.StartAsync(api, redis.ConnectionString, webhooksConfirmedBeforeSafetyInterval: 2);
        using var http = new HttpClient();
        await ConnectedAsync(a, b);

        var warmUp = new List<TimeSpan>();
        for (var order = 0; order < 2; order++)
        {
            // Waited for on A; the webhook reaches B, as a load balancer may send it.
            var (requestId, orderId) = TwoInstancesOnOneRedisTests.NewIds();
            var wait = a.Client.Orders.Resume(requestId).WaitForCompletionAsync();
            await TestClock.WaitUntilAsync(() => api.PollsOf(requestId) == 1, "A asked once");
            warmUp.Add(await a.Clock.WaitForPendingTimerAsync());
            await b.PostAsync(http, AppInstance.Succeeded(requestId, orderId));
            await wait;
        }

        await TestClock.WaitUntilAsync(() => b.Notifier.Trust.CompletedInARow == 2, "B learned the fleet's count");
        var (onB, onBOrder) = TwoInstancesOnOneRedisTests.NewIds();
        var waitOnB = b.Client.Orders.Resume(onB).WaitForCompletionAsync();
        await TestClock.WaitUntilAsync(() => api.PollsOf(onB) == 1, "B asked once");
        var nextOnB = await b.Clock.WaitForPendingTimerAsync();
        await using var later = await AppInstance.StartAsync(api, redis.ConnectionString, webhooksConfirmedBeforeSafetyInterval: 2);
        await ConnectedAsync(later);
        await TestClock.WaitUntilAsync(() => later.Notifier.Trust.CompletedInARow == 2, "the new instance read the fleet's trust");

        Assert.That(warmUp, Is.All.LessThanOrEqualTo(NormalInterval), "the fleet polls by the normal policy until it has earned trust");
        Assert.That(nextOnB, Is.GreaterThanOrEqualTo(SafetyLessJitter), "B completed no order itself, yet trusts the fleet's webhooks");
        Assert.That(later.Notifier.Trust, Is.EqualTo(a.Notifier.Trust).And.EqualTo(b.Notifier.Trust).And.EqualTo(new WebhookTrust(0, 2)));
        await a.PostAsync(http, AppInstance.Succeeded(onB, onBOrder));
        await waitOnB;
    }

    [Test]
    public async Task OutcomePolledFirstOnB_SuspendsTheSafetyWaitOnAAtOnce_AndRevokesTrustForTheFleet()
    {
        using var redis = await RedisServer.StartAsync();
        await using var api = await FakeUGiftMeApi.StartAsync();
        await using var a = await AppInstance.StartAsync(api, redis.ConnectionString, webhooksConfirmedBeforeSafetyInterval: 1);
        await using var b = await AppInstance.StartAsync(api, redis.ConnectionString, webhooksConfirmedBeforeSafetyInterval: 1);
        using var http = new HttpClient();
        await ConnectedAsync(a, b);
        var (earned, earnedOrder) = TwoInstancesOnOneRedisTests.NewIds();
        var earning = a.Client.Orders.Resume(earned).WaitForCompletionAsync();
        await TestClock.WaitUntilAsync(() => api.PollsOf(earned) == 1, "A asked once");
        await a.PostAsync(http, AppInstance.Succeeded(earned, earnedOrder));
        await earning;
        await TestClock.WaitUntilAsync(() => b.Notifier.Trust.CompletedInARow == 1, "B learned the fleet's count");

        var (sleeping, sleepingOrder) = TwoInstancesOnOneRedisTests.NewIds();
        var sleepingOnA = a.Client.Orders.Resume(sleeping).WaitForCompletionAsync();
        await TestClock.WaitUntilAsync(() => api.PollsOf(sleeping) == 1, "A asked once");
        var safetyOnA = await a.Clock.WaitForPendingTimerAsync();
        var (lost, lostOrder) = TwoInstancesOnOneRedisTests.NewIds();
        var lostOnB = b.Client.Orders.Resume(lost).WaitForCompletionAsync();
        await TestClock.WaitUntilAsync(() => api.PollsOf(lost) == 1, "B asked once");
        var safetyOnB = await b.Clock.WaitForPendingTimerAsync();

        api.Succeeded[lost] = lostOrder;   // its webhook never comes: B's safety poll sees the outcome first
        b.Clock.Advance(safetyOnB);
        await lostOnB;
        await TestClock.WaitUntilAsync(() => a.Clock.NextDue() <= NormalInterval, "A replanned its sleeping wait by the normal policy");
        b.Clock.Advance(TimeSpan.FromSeconds(30));   // the documented grace for a late webhook
        _ = b.Notifier.Trust;   // B notices that the grace passed without the webhook
        await TestClock.WaitUntilAsync(() => a.Notifier.Trust.Epoch == 1, "A learned that trust was revoked");

        Assert.That(new[] { safetyOnA, safetyOnB }, Is.All.GreaterThanOrEqualTo(SafetyLessJitter), "both trusted the fleet's webhooks");
        Assert.That(a.Notifier.Trust, Is.EqualTo(new WebhookTrust(1, 0)));
        Assert.That(b.Notifier.Trust, Is.EqualTo(new WebhookTrust(1, 0)));
        Assert.That(sleepingOnA.IsCompleted, Is.False);
        await b.PostAsync(http, AppInstance.Succeeded(sleeping, sleepingOrder));
        await sleepingOnA;
    }

    private static async Task ConnectedAsync(params AppInstance[] instances)
    {
        // The notifiers are created with the first client; each must be subscribed before a test publishes.
        foreach (var instance in instances)
        {
            _ = instance.Client;
        }

        await TestClock.WaitUntilAsync(() => instances.All(i => i.Notifier.IsConnected), "every instance subscribed to Redis");
    }
}
