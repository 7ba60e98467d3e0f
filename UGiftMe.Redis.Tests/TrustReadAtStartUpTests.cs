using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Redis.Tests;

/// <summary>
/// An instance joining a fleet reads the fleet's trust from Redis while changes to it are being published: a change
/// that arrives before the read's answer is not undone by that (older) answer.
/// </summary>
[NonParallelizable]
public sealed class TrustReadAtStartUpTests : TwoRedisConnections
{
    [Test]
    public async Task ReadAnsweredAfterAPublishedChange_LeavesTheJoiningInstanceWithTheChange()
    {
        var options = new RedisBackplaneOptions { KeyPrefix = $"joining-{Guid.NewGuid():N}:" };
        using var fleet = new RedisOrderCompletionChannel(First, options);
        var held = HeldTrustReads.Over(Second);
        using var joining = new RedisOrderCompletionChannel(held.Connection, options);
        var notifier = new OrderCompletionNotifier(joining);
        await TestClock.WaitUntilAsync(() => held.Reads == 1, "the joining instance subscribed and asked for the fleet's trust");

        await fleet.CountCompletedByWebhookAsync();
        await TestClock.WaitUntilAsync(() => notifier.Trust.CompletedInARow == 1, "the joining instance received the published change");
        Assert.That(notifier.IsConnected, Is.False, "not available before it knows the fleet's trust");
        held.Release();
        await TestClock.WaitUntilAsync(() => notifier.IsConnected, "the joining instance applied its read");

        Assert.That(notifier.Trust, Is.EqualTo(new WebhookTrust(0, 1)), "the read, from before the change, did not take it back to no trust");
    }
}
