using StackExchange.Redis;

namespace UGiftMe.Redis.Tests;

/// <summary>The store's claim / mark / release protocol against a real Redis, from two connections (two instances).</summary>
[NonParallelizable]
public sealed class RedisWebhookDeduplicationStoreTests
{
    private RedisServer _redis = null!;
    private ConnectionMultiplexer _first = null!;
    private ConnectionMultiplexer _second = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _redis = await RedisServer.StartAsync();
        _first = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
        _second = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _first.Dispose();
        _second.Dispose();
        _redis.Dispose();
    }

    [Test]
    public async Task Protocol_ClaimMarkRelease_BehavesLikeTheInMemoryStoreAcrossInstances()
    {
        var a = new RedisWebhookDeduplicationStore(_first);
        var b = new RedisWebhookDeduplicationStore(_second);
        var key = Guid.NewGuid().ToString("N");

        Assert.That(await a.TryClaimAsync(key), Is.EqualTo(WebhookDeliveryClaim.Claimed));
        Assert.That(await b.TryClaimAsync(key), Is.EqualTo(WebhookDeliveryClaim.InProgress));
        await b.ReleaseAsync(key);
        Assert.That(await b.TryClaimAsync(key), Is.EqualTo(WebhookDeliveryClaim.InProgress), "only the holder releases a claim");
        await a.ReleaseAsync(key);
        Assert.That(await b.TryClaimAsync(key), Is.EqualTo(WebhookDeliveryClaim.Claimed), "released: the retry is processed");
        await b.MarkProcessedAsync(key);
        Assert.That(await a.TryClaimAsync(key), Is.EqualTo(WebhookDeliveryClaim.AlreadyProcessed));
    }

    [Test]
    public async Task Expiry_ClaimsAndProcessedKeys_CarryTheConfiguredTimeToLive()
    {
        var options = new RedisBackplaneOptions { KeyPrefix = "ttl-test:", ClaimTimeout = TimeSpan.FromMinutes(3) };
        var store = new RedisWebhookDeduplicationStore(_first, options);
        var key = Guid.NewGuid().ToString("N");
        var database = _first.GetDatabase();

        await store.TryClaimAsync(key);
        var claimTtl = await database.KeyTimeToLiveAsync("ttl-test:webhook:" + key);
        await store.MarkProcessedAsync(key);
        var processedTtl = await database.KeyTimeToLiveAsync("ttl-test:webhook:" + key);

        Assert.That(claimTtl, Is.InRange(TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(3)), "a crashed receiver's claim expires");
        Assert.That(processedTtl, Is.InRange(TimeSpan.FromHours(23), TimeSpan.FromHours(24)));
    }

    [Test]
    public async Task TryClaimAsync_1000ConcurrentClaimsFromTwoInstances_ExactlyOneWins()
    {
        var stores = new[] { new RedisWebhookDeduplicationStore(_first), new RedisWebhookDeduplicationStore(_second) };
        var key = Guid.NewGuid().ToString("N");

        var claims = await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => stores[i % 2].TryClaimAsync(key).AsTask()));

        Assert.That(claims.Count(c => c == WebhookDeliveryClaim.Claimed), Is.EqualTo(1));
        Assert.That(claims.Count(c => c == WebhookDeliveryClaim.InProgress), Is.EqualTo(999));
    }

    [Test]
    public void Options_RetentionShorterThanUGiftMesRetries_IsRefusedByName()
    {
        var failure = Assert.Throws<ArgumentException>(() =>
            _ = new RedisWebhookDeduplicationStore(_first, new RedisBackplaneOptions { Retention = TimeSpan.FromHours(1) }));

        Assert.That(failure!.Message, Does.Contain("RedisBackplaneOptions.Retention"));
    }
}
