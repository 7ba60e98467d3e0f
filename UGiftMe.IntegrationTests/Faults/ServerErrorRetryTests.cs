using UGiftMe.IntegrationTests.Orders;

namespace UGiftMe.IntegrationTests.Faults;

/// <summary>
/// Bursts of 503 from the sandbox's fault injector, before the work ("ServerError": nothing happened) and after it
/// ("ServerErrorAfterWork": the order exists but the answer was lost). The idempotency key makes every retry safe:
/// exactly one order, debited once, whatever the mix. Fake clock: the Retry-After waits take no real time.
/// </summary>
public class ServerErrorRetryTests : IntegrationTest
{
    [Test]
    public async Task CreateAndWaitAsync_ThreeServerErrorsBeforeWork_RetriesHonouringRetryAfterToOneOrder()
    {
        var clock = new TestClock();
        var harness = await StartAsync(clock: clock);
        harness.Sandbox.Faults.Enqueue(SandboxFault.ServerError, SandboxFault.ServerError, SandboxFault.ServerError);

        var operation = await clock.RunAsync(harness.Client.Orders.StartAsync(OrderRequests.Amazon(50)));

        Assert.That(operation.CreateResponse!.StatusCode, Is.EqualTo(201));
        Assert.That(operation.CreateResponse.RetryCount, Is.EqualTo(3));
        Assert.That(clock.RequestedDelays.Count(d => d == TimeSpan.FromSeconds(1)), Is.EqualTo(3), "each retry waits the 503's Retry-After: 1");
        Assert.That(harness.ServiceUnavailableCount, Is.EqualTo(3));
        AssertExactlyOneOrderDebitedOnce(harness, operation.Value.Id);
    }

    [Test]
    public async Task CreateAndWaitAsync_TwoServerErrorsAfterWork_ReplaysTheOrderTheFirstAttemptCreated()
    {
        var clock = new TestClock();
        var harness = await StartAsync(clock: clock);
        harness.Sandbox.Faults.Enqueue(SandboxFault.ServerErrorAfterWork, SandboxFault.ServerErrorAfterWork);

        var operation = await clock.RunAsync(harness.Client.Orders.StartAsync(OrderRequests.Amazon(50)));

        Assert.That(operation.CreateResponse!.RetryCount, Is.EqualTo(2));
        Assert.That(operation.CreateResponse.Headers["Idempotent-Replayed"], Is.EqualTo(new[] { "true" }));
        var record = harness.Sandbox.State.IdempotencyRecords.Single();
        Assert.That(record.Key, Is.EqualTo(operation.IdempotencyKey));
        Assert.That(record.ReplayCount, Is.EqualTo(2));
        AssertExactlyOneOrderDebitedOnce(harness, operation.Value.Id);
    }

    [Test]
    public async Task CreateAndWaitAsync_MoreServerErrorsAfterWorkThanRetries_FailsThenTheSameReferenceRecoversTheOrder()
    {
        var clock = new TestClock();
        var harness = await StartAsync(clock: clock);
        var options = new OrderCreateOptions { BusinessReference = "PO-503" };
        harness.Sandbox.Faults.Enqueue(Enumerable.Repeat(SandboxFault.ServerErrorAfterWork, 4));

        var error = await CatchAsync<ServerErrorException>(clock.RunAsync(harness.Client.Orders.CreateAndWaitAsync(OrderRequests.Amazon(50), options)));
        var ordersAfterFailure = harness.Sandbox.State.Orders.Count;
        var order = await clock.RunAsync(harness.Client.Orders.CreateAndWaitAsync(OrderRequests.Amazon(50), options));

        Assert.That(error.StatusCode, Is.EqualTo(503));
        Assert.That(error.RetryCount, Is.EqualTo(3));
        Assert.That(ordersAfterFailure, Is.EqualTo(1), "the first attempt created the order although the caller saw only 503s");
        AssertExactlyOneOrderDebitedOnce(harness, order.Id);
    }

    [Test]
    public async Task CreateAndWaitAsync_AsyncWithFaultsOnCreateAndPolls_OneOrderRequestOneOrder()
    {
        var clock = new TestClock();
        var harness = await StartAsync(
            sandbox =>
            {
                sandbox.OrdersAsync = true;
                sandbox.OrderWorker.QueuedDuration = TimeSpan.FromSeconds(1);
                sandbox.OrderWorker.ProcessingDuration = TimeSpan.FromSeconds(1);
            },
            clock: clock);
        // POST: answered 503 after the request was queued, then replayed (202, same id); first poll: 503 twice.
        harness.Sandbox.Faults.Enqueue(SandboxFault.ServerErrorAfterWork, SandboxFault.None, SandboxFault.ServerError, SandboxFault.ServerErrorAfterWork);

        var operation = await clock.RunAsync(harness.Client.Orders.StartAsync(OrderRequests.Amazon(50)));
        var order = await clock.RunAsync(operation.WaitForCompletionAsync());

        Assert.That(operation.CreateResponse!.StatusCode, Is.EqualTo(202));
        Assert.That(harness.Sandbox.State.OrderRequests.Single().Id, Is.EqualTo(operation.OrderRequestId));
        Assert.That(harness.ServiceUnavailableCount, Is.EqualTo(3));
        AssertExactlyOneOrderDebitedOnce(harness, order.Id);
    }

    [Test]
    public async Task CreateBulkAndWaitAsync_ServerErrorAfterWork_ReplaysTheBulkInsteadOfOrderingTwice()
    {
        var clock = new TestClock();
        var harness = await StartAsync(clock: clock);
        harness.Sandbox.Faults.Enqueue(SandboxFault.ServerErrorAfterWork);

        var result = await clock.RunAsync(harness.Client.Orders.CreateBulkAndWaitAsync([OrderRequests.Amazon(20), OrderRequests.Amazon(30)]));

        Assert.That(result.Orders.Select(o => o.Id), Is.EquivalentTo(harness.Sandbox.State.Orders.Select(o => o.Id)));
        Assert.That(harness.Sandbox.State.Orders, Has.Count.EqualTo(2));
        Assert.That(harness.Sandbox.State.Ledger.Count(e => e.TransactionType == "purchase"), Is.EqualTo(2));
        Assert.That(harness.Sandbox.State.Wallet.Balance, Is.EqualTo(1950m));
    }

    [Test]
    public async Task CreateAndWaitAsync_PostWithoutIdempotencyKey_IsNeverSentWithoutOne()
    {
        // The SDK adds a key to every create, so even a caller who sets none is protected from double orders.
        var clock = new TestClock();
        var harness = await StartAsync(clock: clock);
        harness.Sandbox.Faults.Enqueue(SandboxFault.ServerErrorAfterWork);

        var order = await clock.RunAsync(harness.Client.Orders.CreateAndWaitAsync(OrderRequests.Amazon(50)));

        Assert.That(harness.Sandbox.State.Orders.Single().IdempotencyKey, Is.Not.Null.And.Not.Empty);
        AssertExactlyOneOrderDebitedOnce(harness, order.Id);
    }

    private static void AssertExactlyOneOrderDebitedOnce(SdkHarness harness, string? orderId)
    {
        var state = harness.Sandbox.State;
        Assert.That(state.Orders.Single().Id, Is.EqualTo(orderId));
        Assert.That(state.Ledger.Where(e => e.TransactionType == "purchase").Select(e => e.OrderId), Is.EqualTo(new[] { orderId }));
        Assert.That(state.Wallet, Is.EqualTo(new SandboxWalletSnapshot("GBP", 1950m, 0m, 1950m)));
    }
}
