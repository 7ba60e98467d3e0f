using Microsoft.Extensions.Time.Testing;

namespace UGiftMe.Tests.Facade.Webhooks;

public sealed class InMemoryWebhookDeduplicationStoreTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 4, 11, 8, 0, 0, TimeSpan.Zero));

    [Test]
    public async Task TryClaimAsync_FirstTime_Claims()
    {
        var store = new InMemoryWebhookDeduplicationStore(timeProvider: _time);

        Assert.That(await store.TryClaimAsync("k"), Is.EqualTo(WebhookDeliveryClaim.Claimed));
    }

    [Test]
    public async Task TryClaimAsync_WhileClaimed_ReportsInProgress()
    {
        var store = new InMemoryWebhookDeduplicationStore(timeProvider: _time);
        await store.TryClaimAsync("k");

        Assert.That(await store.TryClaimAsync("k"), Is.EqualTo(WebhookDeliveryClaim.InProgress));
        Assert.That(await store.TryClaimAsync("other"), Is.EqualTo(WebhookDeliveryClaim.Claimed));
    }

    [Test]
    public async Task TryClaimAsync_AfterRelease_ClaimsAgain()
    {
        var store = new InMemoryWebhookDeduplicationStore(timeProvider: _time);
        await store.TryClaimAsync("k");
        await store.ReleaseAsync("k");

        Assert.That(await store.TryClaimAsync("k"), Is.EqualTo(WebhookDeliveryClaim.Claimed));
    }

    [Test]
    public async Task TryClaimAsync_ProcessedWithinUGiftMeRetryWindow_ReportsAlreadyProcessed()
    {
        var store = new InMemoryWebhookDeduplicationStore(timeProvider: _time);
        await store.TryClaimAsync("k");
        await store.MarkProcessedAsync("k");

        _time.Advance(TimeSpan.FromMinutes(1 + 5 + 15 + 60 + 240));

        Assert.That(await store.TryClaimAsync("k"), Is.EqualTo(WebhookDeliveryClaim.AlreadyProcessed));
    }

    [Test]
    public async Task ReleaseAsync_AfterMarkProcessed_KeepsItProcessed()
    {
        var store = new InMemoryWebhookDeduplicationStore(timeProvider: _time);
        await store.TryClaimAsync("k");
        await store.MarkProcessedAsync("k");

        await store.ReleaseAsync("k");

        Assert.That(await store.TryClaimAsync("k"), Is.EqualTo(WebhookDeliveryClaim.AlreadyProcessed));
    }

    [Test]
    public async Task TryClaimAsync_AfterRetention_ClaimsAgainAndSweepsExpiredKeys()
    {
        var store = new InMemoryWebhookDeduplicationStore(TimeSpan.FromHours(6), _time);
        foreach (var key in new[] { "a", "b", "c" })
        {
            await store.TryClaimAsync(key);
            await store.MarkProcessedAsync(key);
        }

        _time.Advance(TimeSpan.FromHours(6));

        Assert.That(await store.TryClaimAsync("a"), Is.EqualTo(WebhookDeliveryClaim.Claimed));
        Assert.That(store.Count, Is.EqualTo(1), "b and c expired and were swept; a is claimed again");
    }

    [Test]
    public void Constructor_DefaultRetention_CoversUGiftMeRetries()
    {
        Assert.That(InMemoryWebhookDeduplicationStore.DefaultRetention, Is.GreaterThanOrEqualTo(TimeSpan.FromHours(6)));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new InMemoryWebhookDeduplicationStore(TimeSpan.Zero));
    }

    [Test]
    public async Task TryClaimAsync_ClaimNeitherCompletedNorReleased_ExpiresAfterTheClaimTimeout()
    {
        var store = new InMemoryWebhookDeduplicationStore(timeProvider: _time, claimTimeout: TimeSpan.FromMinutes(1));
        await store.TryClaimAsync("k"); // its handler hangs and ignores cancellation: nothing ever completes the claim

        _time.Advance(TimeSpan.FromSeconds(59));
        var stillBlocked = await store.TryClaimAsync("k");
        _time.Advance(TimeSpan.FromSeconds(1));
        var retry = await store.TryClaimAsync("k");

        Assert.That(stillBlocked, Is.EqualTo(WebhookDeliveryClaim.InProgress));
        Assert.That(retry, Is.EqualTo(WebhookDeliveryClaim.Claimed));
    }
}
