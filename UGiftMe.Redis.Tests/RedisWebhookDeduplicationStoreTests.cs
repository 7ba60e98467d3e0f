namespace UGiftMe.Redis.Tests;

/// <summary>The store's claim / renew / mark / release protocol against a real Redis, from two connections (two instances).</summary>
[NonParallelizable]
public sealed class RedisWebhookDeduplicationStoreTests : TwoRedisConnections
{
    [Test]
    public async Task Protocol_ClaimMarkRelease_BehavesLikeTheInMemoryStoreAcrossInstances()
    {
        var a = new RedisWebhookDeduplicationStore(First);
        var b = new RedisWebhookDeduplicationStore(Second);
        var key = Guid.NewGuid().ToString("N");

        var claimA = await a.TryClaimAsync(key);
        var whileAHoldsIt = await b.TryClaimAsync(key);
        Assert.That(claimA.Status, Is.EqualTo(WebhookDeliveryClaimStatus.Claimed));
        Assert.That(whileAHoldsIt.Status, Is.EqualTo(WebhookDeliveryClaimStatus.InProgress));
        Assert.That(await a.ReleaseAsync(claimA), Is.True);
        var claimB = await b.TryClaimAsync(key);
        Assert.That(claimB.Status, Is.EqualTo(WebhookDeliveryClaimStatus.Claimed), "released: the retry is processed");
        Assert.That(await b.MarkProcessedAsync(claimB), Is.True);
        Assert.That((await a.TryClaimAsync(key)).Status, Is.EqualTo(WebhookDeliveryClaimStatus.AlreadyProcessed));
        Assert.That(await b.ReleaseAsync(claimB), Is.False, "a completed claim cannot be released");
        Assert.That((await a.TryClaimAsync(key)).Status, Is.EqualTo(WebhookDeliveryClaimStatus.AlreadyProcessed));
    }

    [Test]
    public async Task StaleClaim_AfterAnotherInstanceTookOver_CanNeitherReleaseRenewNorCompleteIt()
    {
        var options = new RedisBackplaneOptions { KeyPrefix = "stale-test:" };
        var a = new RedisWebhookDeduplicationStore(First, options);
        var b = new RedisWebhookDeduplicationStore(Second, options);
        var key = Guid.NewGuid().ToString("N");
        var stale = await a.TryClaimAsync(key);
        await First.GetDatabase().KeyDeleteAsync("stale-test:webhook:" + key); // the claim expired (a's renewals stopped)
        var current = await b.TryClaimAsync(key);

        var released = await a.ReleaseAsync(stale);
        var renewed = await a.RenewAsync(stale);
        var completed = await a.MarkProcessedAsync(stale);
        var retryWhileCurrentRuns = await a.TryClaimAsync(key);
        var currentRenewed = await b.RenewAsync(current);
        var currentCompleted = await b.MarkProcessedAsync(current);

        Assert.That(current.Status, Is.EqualTo(WebhookDeliveryClaimStatus.Claimed));
        Assert.That((released, renewed, completed), Is.EqualTo((false, false, false)));
        Assert.That(retryWhileCurrentRuns.Status, Is.EqualTo(WebhookDeliveryClaimStatus.InProgress), "the stale release did not free b's claim");
        Assert.That((currentRenewed, currentCompleted), Is.EqualTo((true, true)));
        Assert.That((await a.TryClaimAsync(key)).Status, Is.EqualTo(WebhookDeliveryClaimStatus.AlreadyProcessed));
    }

    [Test]
    public async Task Expiry_ClaimsRenewalsAndProcessedKeys_CarryTheConfiguredTimeToLive()
    {
        var options = new RedisBackplaneOptions { KeyPrefix = "ttl-test:", ClaimTimeout = TimeSpan.FromMinutes(3) };
        var store = new RedisWebhookDeduplicationStore(First, options);
        var key = Guid.NewGuid().ToString("N");
        var database = First.GetDatabase();

        var claim = await store.TryClaimAsync(key);
        await database.KeyExpireAsync("ttl-test:webhook:" + key, TimeSpan.FromSeconds(5)); // as if most of it had passed
        var renewed = await store.RenewAsync(claim);
        var claimTtl = await database.KeyTimeToLiveAsync("ttl-test:webhook:" + key);
        await store.MarkProcessedAsync(claim);
        var processedTtl = await database.KeyTimeToLiveAsync("ttl-test:webhook:" + key);

        Assert.That(store.ClaimTimeout, Is.EqualTo(TimeSpan.FromMinutes(3)));
        Assert.That(renewed, Is.True);
        Assert.That(claimTtl, Is.InRange(TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(3)), "a renewal restores the whole claim timeout");
        Assert.That(processedTtl, Is.InRange(TimeSpan.FromHours(23), TimeSpan.FromHours(24)));
    }

    [Test]
    public async Task TryClaimAsync_1000ConcurrentClaimsFromTwoInstances_ExactlyOneWins()
    {
        var stores = new[] { new RedisWebhookDeduplicationStore(First), new RedisWebhookDeduplicationStore(Second) };
        var key = Guid.NewGuid().ToString("N");

        var claims = await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => stores[i % 2].TryClaimAsync(key).AsTask()));

        Assert.That(claims.Count(c => c.IsClaimed), Is.EqualTo(1));
        Assert.That(claims.Count(c => c.Status == WebhookDeliveryClaimStatus.InProgress), Is.EqualTo(999));
    }

    [Test]
    public void RenewMarkRelease_ClaimThatWasNotGranted_AreRefused()
    {
        var store = new RedisWebhookDeduplicationStore(First);

        Assert.That(async () => await store.ReleaseAsync(WebhookDeliveryClaim.InProgress("k")), Throws.ArgumentException);
        Assert.That(async () => await store.MarkProcessedAsync(WebhookDeliveryClaim.AlreadyProcessed("k")), Throws.ArgumentException);
    }

    [Test]
    public void Options_RetentionShorterThanUGiftMesRetries_IsRefusedByName()
    {
        var failure = Assert.Throws<ArgumentException>(() =>
            _ = new RedisWebhookDeduplicationStore(First, new RedisBackplaneOptions { Retention = TimeSpan.FromHours(1) }));

        Assert.That(failure!.Message, Does.Contain("RedisBackplaneOptions.Retention"));
    }
}
