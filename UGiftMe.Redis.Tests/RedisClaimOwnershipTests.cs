using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Redis.Tests;

/// <summary>
/// Claims have owners on a real Redis, through two receivers over real HTTP: a delivery whose handler outlasts the
/// claim timeout and then fails never runs beside another attempt, and an attempt that lost its claim cannot free or
/// complete the claim of the attempt that took over on the other instance.
/// </summary>
[NonParallelizable]
public sealed class RedisClaimOwnershipTests : TwoRedisConnections
{
    [Test]
    public async Task Delivery_HandlerSlowerThanTheClaimTimeoutThenFails_IsNeverRunTwiceAtOnceAcrossInstances()
    {
        // Redis expires keys in real time, so this test runs in real time: a 4.5 s claim, renewed every 1.5 s.
        var options = new RedisBackplaneOptions { KeyPrefix = $"slow-{Guid.NewGuid():N}:", ClaimTimeout = TimeSpan.FromSeconds(4.5) };
        var storeA = new RenewalCountingStore(new RedisWebhookDeduplicationStore(First, options));
        var handler = new ScriptedWebhookHandler();
        await using var a = await ReceiverOnRedis.StartAsync(storeA, handler);
        await using var b = await ReceiverOnRedis.StartAsync(new RedisWebhookDeduplicationStore(Second, options), handler);
        var delivery = ReceiverOnRedis.Delivery();

        handler.Hold(1);
        var first = a.PostAsync(delivery);                         // attempt 1 on instance A, slowly
        await handler.Started(1);
        await storeA.RenewedAsync(4);                              // each renewal follows a 1.5 s wait: 6 s into a 4.5 s claim
        var duringTheSlowRun = await b.PostAsync(delivery);       // UGiftMe's retry reaches instance B
        handler.Finish(1, fail: true);
        var firstAnswer = await first;
        handler.Hold(2);
        var retry = b.PostAsync(delivery);
        await handler.Started(2);
        var duringTheRetry = await a.PostAsync(delivery);
        handler.Finish(2, fail: false);
        var retryAnswer = await retry;
        var later = await a.PostAsync(delivery);

        Assert.That(duringTheSlowRun, Is.EqualTo(409), "6 s into a run on a 4.5 s claim, the claim still holds");
        Assert.That(firstAnswer, Is.EqualTo(500));
        Assert.That(duringTheRetry, Is.EqualTo(409));
        Assert.That(retryAnswer, Is.EqualTo(200));
        Assert.That(later, Is.EqualTo(200));
        Assert.That(handler.Runs, Is.EqualTo(2), "the failed attempt and the retry that succeeded");
        Assert.That(handler.MostAtOnce, Is.EqualTo(1), "never two runs of one delivery at once");
    }

    [Test]
    public async Task Delivery_AttemptThatLostItsClaimThenFails_CannotFreeTheClaimOfTheAttemptThatTookOver()
    {
        var options = new RedisBackplaneOptions { KeyPrefix = $"stale-{Guid.NewGuid():N}:" };
        var handler = new ScriptedWebhookHandler();
        await using var a = await ReceiverOnRedis.StartAsync(new RedisWebhookDeduplicationStore(First, options), handler);
        await using var b = await ReceiverOnRedis.StartAsync(new RedisWebhookDeduplicationStore(Second, options), handler);
        var delivery = ReceiverOnRedis.Delivery();
        var key = options.KeyPrefix + "webhook:" + ReceiverOnRedis.IdempotencyKeyOf(delivery);

        handler.Hold(1);
        var first = a.PostAsync(delivery);
        await handler.Started(1);
        var claimedByA = await First.GetDatabase().StringGetAsync(key);
        await First.GetDatabase().KeyDeleteAsync(key);           // A's claim expired (its renewals could not reach Redis)
        handler.Hold(2);
        var takeover = b.PostAsync(delivery);                      // B takes the delivery over
        await handler.Started(2);
        handler.Finish(1, fail: true);                             // A fails: its release must not free B's claim
        var firstAnswer = await first;
        var whileTheTakeoverRuns = await a.PostAsync(delivery);
        handler.Finish(2, fail: false);
        var takeoverAnswer = await takeover;
        var later = await a.PostAsync(delivery);

        Assert.That(claimedByA.ToString(), Does.StartWith("claimed:"), "A held a claim of its own");
        Assert.That(firstAnswer, Is.EqualTo(500));
        Assert.That(whileTheTakeoverRuns, Is.EqualTo(409), "B still holds the delivery");
        Assert.That(takeoverAnswer, Is.EqualTo(200));
        Assert.That(later, Is.EqualTo(200), "B recorded the delivery as handled");
        Assert.That((await First.GetDatabase().StringGetAsync(key)).ToString(), Is.EqualTo("processed"));
        Assert.That(handler.Runs, Is.EqualTo(2), "no third run");
        Assert.That(a.Logs.GetSnapshot().Count(r => r.Message.Contains("no longer holds its claim", StringComparison.Ordinal)), Is.EqualTo(1));
    }

    /// <summary>The Redis store, counting the renewals that held, so a test can wait for the n-th.</summary>
    private sealed class RenewalCountingStore(RedisWebhookDeduplicationStore inner) : IWebhookDeduplicationStore
    {
        private readonly Lock _lock = new();
        private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];
        private int _renewals;

        public TimeSpan ClaimTimeout => inner.ClaimTimeout;

        public Task RenewedAsync(int count)
        {
            lock (_lock)
            {
                if (_renewals >= count)
                {
                    return Task.CompletedTask;
                }

                var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add((count, reached));
                return reached.Task;
            }
        }

        public ValueTask<WebhookDeliveryClaim> TryClaimAsync(string idempotencyKey, CancellationToken cancellationToken = default) =>
            inner.TryClaimAsync(idempotencyKey, cancellationToken);

        public async ValueTask<bool> RenewAsync(WebhookDeliveryClaim claim, CancellationToken cancellationToken = default)
        {
            var held = await inner.RenewAsync(claim, cancellationToken);
            if (held)
            {
                lock (_lock)
                {
                    _renewals++;
                    foreach (var waiter in _waiters.Where(w => w.Count <= _renewals).ToList())
                    {
                        _waiters.Remove(waiter);
                        waiter.Reached.TrySetResult();
                    }
                }
            }

            return held;
        }

        public ValueTask<bool> MarkProcessedAsync(WebhookDeliveryClaim claim, CancellationToken cancellationToken = default) =>
            inner.MarkProcessedAsync(claim, cancellationToken);

        public ValueTask<bool> ReleaseAsync(WebhookDeliveryClaim claim, CancellationToken cancellationToken = default) =>
            inner.ReleaseAsync(claim, cancellationToken);
    }
}
