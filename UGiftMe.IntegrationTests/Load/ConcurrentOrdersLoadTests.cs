using UGiftMe.IntegrationTests.Orders;

namespace UGiftMe.IntegrationTests.Load;

/// <summary>
/// 500 concurrent CreateAndWaitAsync calls on one shared client against a queued-mode sandbox that fails 10 % of all
/// requests with 503 (half before the work, half after it), over loopback. The sandbox's worker, the client's polls and
/// its Retry-After waits all run on one fake clock, so nothing waits in real time and a busy machine only makes the run
/// slower, never different. What is bounded is the work: the requests it took, not the seconds.
/// </summary>
public class ConcurrentOrdersLoadTests : IntegrationTest
{
    private const int OrderCount = 500;
    private const decimal InitialBalance = 100_000m;

    [Test]
    public async Task CreateAndWaitAsync_500ConcurrentWith10PercentServerErrors_ExactlyOneOrderEachDebitedOnce()
    {
        var clock = new TestClock();
        var harness = await StartAsync(
            sandbox =>
            {
                sandbox.OrdersAsync = true;
                sandbox.OrderWorker.QueuedDuration = TimeSpan.FromMilliseconds(100);
                sandbox.OrderWorker.ProcessingDuration = TimeSpan.FromMilliseconds(100);
                sandbox.Wallet.InitialBalance = InitialBalance;
                sandbox.Faults.ServerErrorRate = 0.05;
                sandbox.Faults.ServerErrorAfterWorkRate = 0.05;
            },
            client =>
            {
                client.OrderPolling = new OrderPollingOptions { InitialDelay = TimeSpan.FromMilliseconds(200), MinInterval = TimeSpan.FromMilliseconds(200) };
                // At 10 % per attempt, 9 failures in a row on one of ~1,500 requests is a 1-in-a-million event.
                client.Retry.MaxRetries = 8;
            },
            clock);
        var values = Enumerable.Range(0, OrderCount).Select(i => 5m + (i % 20)).ToArray();
        var references = Enumerable.Range(0, OrderCount).Select(i => $"LOAD-{i:D4}").ToArray();

        var orders = await clock.RunAsync(Task.WhenAll(Enumerable.Range(0, OrderCount).Select(i => harness.Client.Orders.CreateAndWaitAsync(
            OrderRequests.Amazon(values[i]), new OrderCreateOptions { BusinessReference = references[i] }))), maxTimers: 100_000);

        var state = harness.Sandbox.State;
        var replays = state.IdempotencyRecords.Sum(r => r.ReplayCount);
        var statuses = harness.Statuses;
        var creates = statuses.Count(HttpMethod.Post);
        var createFaults = statuses.Count(HttpMethod.Post, s => s == 503);
        var reads = statuses.Count(HttpMethod.Get);
        var readFaults = statuses.Count(HttpMethod.Get, s => s == 503);
        await TestContext.Out.WriteLineAsync(
            $"{OrderCount} concurrent creates -> {state.Orders.Count} orders, {state.OrderRequests.Count} order requests, "
            + $"{state.Ledger.Count(e => e.TransactionType == "purchase")} debits; {harness.Validator.CheckedCount} HTTP exchanges: "
            + $"{creates} POSTs ({createFaults} answered 503, {replays} idempotent replays of creates answered 503 after the work), "
            + $"{reads} GETs ({readFaults} answered 503); fake time {clock.GetUtcNow() - new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)}.");

        Assert.That(harness.ServiceUnavailableCount, Is.GreaterThan(OrderCount / 20), "the run must actually have met 503s");
        Assert.That(replays, Is.GreaterThan(0), "some creates must have been answered 503 after the work");

        Assert.That(orders.Select(o => o.Id), Is.Unique);
        Assert.That(state.Orders, Has.Count.EqualTo(OrderCount));
        Assert.That(state.Orders.Select(o => o.Id), Is.EquivalentTo(orders.Select(o => o.Id)));
        Assert.That(state.Orders.Select(o => o.IdempotencyKey), Is.EquivalentTo(references.Select(r => IdempotencyKey.FromReference(r))));
        Assert.That(state.OrderRequests, Has.Count.EqualTo(OrderCount));
        Assert.That(state.OrderRequests.Select(r => r.Status), Is.All.EqualTo("succeeded"));

        var purchases = state.Ledger.Where(e => e.TransactionType == "purchase").ToList();
        Assert.That(purchases, Has.Count.EqualTo(OrderCount));
        Assert.That(purchases.Select(e => e.OrderId), Is.EquivalentTo(orders.Select(o => o.Id)));
        var total = values.Sum();
        Assert.That(state.Wallet, Is.EqualTo(new SandboxWalletSnapshot("GBP", InitialBalance - total, 0m, InitialBalance - total)));

        // The work bound: one answered create per order and one retry per 503, nothing more; a few reads per order.
        Assert.That(creates - createFaults, Is.EqualTo(OrderCount), "one create per order got through");
        Assert.That(reads - readFaults, Is.InRange(OrderCount, 3 * OrderCount), "polling is bounded by the worker's two steps");
        Assert.That(statuses.Count(HttpMethod.Post) + reads, Is.EqualTo(harness.Validator.CheckedCount), "no other requests");
    }
}
