using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Tests.Facade.Webhooks;

public sealed class InMemoryWebhookDeduplicationStoreTests
{
    private readonly TestClock _time = new();

    [Test]
    public async Task TryClaimAsync_FirstTime_ClaimsWithAToken()
    {
        var store = new InMemoryWebhookDeduplicationStore(timeProvider: _time);

        var claim = await store.TryClaimAsync("k");

        Assert.That(claim.Status, Is.EqualTo(WebhookDeliveryClaimStatus.Claimed));
        Assert.That(claim.IsClaimed, Is.True);
        Assert.That(claim.IdempotencyKey, Is.EqualTo("k"));
        Assert.That(claim.Token, Is.Not.Null.And.Not.Empty);
    }

    [Test]
    public async Task TryClaimAsync_WhileClaimed_ReportsInProgressWithoutAToken()
    {
        var store = new InMemoryWebhookDeduplicationStore(timeProvider: _time);
        await store.TryClaimAsync("k");

        var second = await store.TryClaimAsync("k");

        Assert.That(second.Status, Is.EqualTo(WebhookDeliveryClaimStatus.InProgress));
        Assert.That(second.Token, Is.Null);
        Assert.That((await store.TryClaimAsync("other")).Status, Is.EqualTo(WebhookDeliveryClaimStatus.Claimed));
    }

    [Test]
    public async Task TryClaimAsync_AfterRelease_ClaimsAgainWithANewToken()
    {
        var store = new InMemoryWebhookDeduplicationStore(timeProvider: _time);
        var first = await store.TryClaimAsync("k");

        Assert.That(await store.ReleaseAsync(first), Is.True);
        var again = await store.TryClaimAsync("k");

        Assert.That(again.Status, Is.EqualTo(WebhookDeliveryClaimStatus.Claimed));
        Assert.That(again.Token, Is.Not.EqualTo(first.Token));
    }

    [Test]
    public async Task TryClaimAsync_ProcessedWithinUGiftMeRetryWindow_ReportsAlreadyProcessed()
    {
        var store = new InMemoryWebhookDeduplicationStore(timeProvider: _time);
        Assert.That(await store.MarkProcessedAsync(await store.TryClaimAsync("k")), Is.True);

        _time.Advance(TimeSpan.FromMinutes(1 + 5 + 15 + 60 + 240));

        Assert.That((await store.TryClaimAsync("k")).Status, Is.EqualTo(WebhookDeliveryClaimStatus.AlreadyProcessed));
    }

    [Test]
    public async Task ReleaseAsync_AfterMarkProcessed_ChangesNothing()
    {
        var store = new InMemoryWebhookDeduplicationStore(timeProvider: _time);
        var claim = await store.TryClaimAsync("k");
        await store.MarkProcessedAsync(claim);

        Assert.That(await store.ReleaseAsync(claim), Is.False);
        Assert.That((await store.TryClaimAsync("k")).Status, Is.EqualTo(WebhookDeliveryClaimStatus.AlreadyProcessed));
    }

    [Test]
    public async Task TryClaimAsync_AfterRetention_ClaimsAgainAndSweepsExpiredKeys()
    {
        var store = new InMemoryWebhookDeduplicationStore(TimeSpan.FromHours(6), _time);
        foreach (var key in new[] { "a", "b", "c" })
        {
            await store.MarkProcessedAsync(await store.TryClaimAsync(key));
        }

        _time.Advance(TimeSpan.FromHours(6));

        Assert.That((await store.TryClaimAsync("a")).Status, Is.EqualTo(WebhookDeliveryClaimStatus.Claimed));
        Assert.That(store.Count, Is.EqualTo(1), "b and c expired and were swept; a is claimed again");
    }

    [Test]
    public void Constructor_DefaultRetention_CoversUGiftMeRetries()
    {
        Assert.That(InMemoryWebhookDeduplicationStore.DefaultRetention, Is.GreaterThanOrEqualTo(TimeSpan.FromHours(6)));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new InMemoryWebhookDeduplicationStore(TimeSpan.Zero));
    }

    [Test]
    public async Task TryClaimAsync_ClaimNeitherRenewedCompletedNorReleased_ExpiresAfterTheClaimTimeout()
    {
        var store = new InMemoryWebhookDeduplicationStore(timeProvider: _time, claimTimeout: TimeSpan.FromMinutes(1));
        await store.TryClaimAsync("k"); // its process stopped: nothing renews or completes the claim

        _time.Advance(TimeSpan.FromSeconds(59));
        var stillBlocked = await store.TryClaimAsync("k");
        _time.Advance(TimeSpan.FromSeconds(1));
        var retry = await store.TryClaimAsync("k");

        Assert.That(stillBlocked.Status, Is.EqualTo(WebhookDeliveryClaimStatus.InProgress));
        Assert.That(retry.Status, Is.EqualTo(WebhookDeliveryClaimStatus.Claimed));
    }

    [Test]
    public async Task RenewAsync_WhileHeld_KeepsTheClaimPastItsTimeout()
    {
        var store = new InMemoryWebhookDeduplicationStore(timeProvider: _time, claimTimeout: TimeSpan.FromMinutes(1));
        var claim = await store.TryClaimAsync("k");

        for (var i = 0; i < 5; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(40));
            Assert.That(await store.RenewAsync(claim), Is.True);
        }

        Assert.That((await store.TryClaimAsync("k")).Status, Is.EqualTo(WebhookDeliveryClaimStatus.InProgress), "held 200 s on a 60 s timeout");
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.That(await store.RenewAsync(claim), Is.False, "a renewal after the claim expired does not revive it");
    }

    [Test]
    public async Task StaleClaim_AfterAnotherAttemptTookOver_CanNeitherReleaseRenewNorCompleteIt()
    {
        var store = new InMemoryWebhookDeduplicationStore(timeProvider: _time, claimTimeout: TimeSpan.FromMinutes(1));
        var stale = await store.TryClaimAsync("k");
        _time.Advance(TimeSpan.FromMinutes(1));
        var current = await store.TryClaimAsync("k");

        var released = await store.ReleaseAsync(stale);
        var renewed = await store.RenewAsync(stale);
        var completed = await store.MarkProcessedAsync(stale);
        var retryWhileCurrentRuns = await store.TryClaimAsync("k");
        var currentCompleted = await store.MarkProcessedAsync(current);

        Assert.That(current.Status, Is.EqualTo(WebhookDeliveryClaimStatus.Claimed));
        Assert.That((released, renewed, completed), Is.EqualTo((false, false, false)));
        Assert.That(retryWhileCurrentRuns.Status, Is.EqualTo(WebhookDeliveryClaimStatus.InProgress), "the stale release did not free the current attempt's claim");
        Assert.That(currentCompleted, Is.True);
        Assert.That((await store.TryClaimAsync("k")).Status, Is.EqualTo(WebhookDeliveryClaimStatus.AlreadyProcessed));
    }

    [Test]
    public async Task RenewMarkRelease_ClaimThatWasNotGranted_AreRefused()
    {
        var store = new InMemoryWebhookDeduplicationStore(timeProvider: _time);
        await store.TryClaimAsync("k");
        var inProgress = await store.TryClaimAsync("k");

        Assert.That(async () => await store.ReleaseAsync(inProgress), Throws.ArgumentException);
        Assert.That(async () => await store.MarkProcessedAsync(inProgress), Throws.ArgumentException);
        Assert.That(async () => await store.RenewAsync(WebhookDeliveryClaim.AlreadyProcessed("k")), Throws.ArgumentException);
        Assert.That((await store.TryClaimAsync("k")).Status, Is.EqualTo(WebhookDeliveryClaimStatus.InProgress), "the first claim still holds");
    }

    [Test]
    public async Task ClaimExpiry_WallClockSteppedForwardOrBack_ChangesNothing()
    {
        var clock = new SteppedWallClock(_time);
        var store = new InMemoryWebhookDeduplicationStore(timeProvider: clock, claimTimeout: TimeSpan.FromMinutes(1));
        await store.TryClaimAsync("k");

        clock.StepWallClock(TimeSpan.FromMinutes(2));
        var afterForward = await store.TryClaimAsync("k");
        clock.StepWallClock(TimeSpan.FromHours(-1));
        var afterBack = await store.TryClaimAsync("k");
        clock.AdvanceElapsedOnly(TimeSpan.FromMinutes(1)); // the minute passes, the wall clock shows the same time
        var afterTheTimeout = await store.TryClaimAsync("k");

        Assert.That(afterForward.Status, Is.EqualTo(WebhookDeliveryClaimStatus.InProgress), "+2 min on the wall clock is not 2 minutes");
        Assert.That(afterBack.Status, Is.EqualTo(WebhookDeliveryClaimStatus.InProgress));
        Assert.That(afterTheTimeout.Status, Is.EqualTo(WebhookDeliveryClaimStatus.Claimed), "a minute that passed is a minute");
    }

    [Test]
    public async Task Retention_WallClockSteppedForwardOrBack_ChangesNothing()
    {
        var clock = new SteppedWallClock(_time);
        var store = new InMemoryWebhookDeduplicationStore(TimeSpan.FromHours(6), clock);
        await store.MarkProcessedAsync(await store.TryClaimAsync("k"));

        clock.StepWallClock(TimeSpan.FromDays(2));
        var afterForward = await store.TryClaimAsync("k");
        clock.StepWallClock(TimeSpan.FromDays(-30));
        var afterBack = await store.TryClaimAsync("k");
        clock.AdvanceElapsedOnly(TimeSpan.FromHours(6));
        var afterRetention = await store.TryClaimAsync("k");

        Assert.That(afterForward.Status, Is.EqualTo(WebhookDeliveryClaimStatus.AlreadyProcessed), "a handled delivery is not run again because the clock jumped");
        Assert.That(afterBack.Status, Is.EqualTo(WebhookDeliveryClaimStatus.AlreadyProcessed));
        Assert.That(afterRetention.Status, Is.EqualTo(WebhookDeliveryClaimStatus.Claimed));
    }

    [TestCase("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF")]
    [TestCase("k", "K")]
    [TestCase("k", "k ")]
    public async Task TryClaimAsync_KeysThatDifferInAnyCharacter_AreDifferentDeliveries(string key, string other)
    {
        var store = new InMemoryWebhookDeduplicationStore(timeProvider: _time);
        await store.TryClaimAsync(key);

        var claim = await store.TryClaimAsync(other);

        Assert.That(claim.IsClaimed, Is.True);
        Assert.That(claim.IdempotencyKey, Is.EqualTo(other));
    }
}
