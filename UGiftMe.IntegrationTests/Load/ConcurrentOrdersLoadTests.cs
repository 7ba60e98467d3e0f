using System.Diagnostics;
using UGiftMe.IntegrationTests.Orders;

namespace UGiftMe.IntegrationTests.Load;

/// <summary>
/// 500 concurrent CreateAndWaitAsync calls on one shared client against a queued-mode sandbox that fails 10 % of all
/// requests with 503 (half before the work, half after it), over loopback. Real time, bounded: the worker steps and
/// polls are 100-200 ms and the whole run must finish within 60 s.
/// </summary>
public class ConcurrentOrdersLoadTests : IntegrationTest
{
    private const int OrderCount = 500;
    private const decimal InitialBalance = 100_000m;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);

    [Test]
    [CancelAfter(120_000)]
    public async Task CreateAndWaitAsync_500ConcurrentWith10PercentServerErrors_ExactlyOneOrderEachDebitedOnce(CancellationToken cancellationToken)
    {
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
            });
        var values = Enumerable.Range(0, OrderCount).Select(i => 5m + (i % 20)).ToArray();
        var references = Enumerable.Range(0, OrderCount).Select(i => $"LOAD-{i:D4}").ToArray();

        var watch = Stopwatch.StartNew();
        var orders = await Task.WhenAll(Enumerable.Range(0, OrderCount).Select(i => harness.Client.Orders.CreateAndWaitAsync(
            OrderRequests.Amazon(values[i]), new OrderCreateOptions { BusinessReference = references[i] }, cancellationToken)));
        watch.Stop();

        var state = harness.Sandbox.State;
        var replays = state.IdempotencyRecords.Sum(r => r.ReplayCount);
        await TestContext.Out.WriteLineAsync(
            $"{OrderCount} concurrent orders in {watch.Elapsed.TotalSeconds:0.00} s: {harness.Validator.CheckedCount} HTTP exchanges, " +
            $"{harness.ServiceUnavailableCount} injected 503s, {replays} idempotent replays of creates answered 503 after the work.");

        Assert.That(watch.Elapsed, Is.LessThan(Budget), $"took {watch.Elapsed}");
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
    }
}
