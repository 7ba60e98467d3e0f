
namespace UGiftMe.IntegrationTests.Orders;

/// <summary>Queued (202) orders, on a fake clock shared by the sandbox's worker and the SDK's polling.</summary>
public class AsyncOrderTests : IntegrationTest
{
    private static void Async(SandboxOptions sandbox, decimal balance = 2000m)
    {
        sandbox.OrdersAsync = true;
        sandbox.OrderWorker.QueuedDuration = TimeSpan.FromSeconds(2);
        sandbox.OrderWorker.ProcessingDuration = TimeSpan.FromSeconds(3);
        sandbox.Wallet.InitialBalance = balance;
    }

    [Test]
    public async Task UpdateStatusAsync_ClockMovedThroughTheWorker_SeesQueuedProcessingSucceeded()
    {
        var clock = new TestClock();
        var harness = await StartAsync(s => Async(s), clock: clock);
        var operation = await harness.Client.Orders.StartAsync(OrderRequests.Amazon(50));

        var queued = await operation.UpdateStatusAsync();
        clock.Advance(TimeSpan.FromSeconds(2));
        var processing = await operation.UpdateStatusAsync();
        clock.Advance(TimeSpan.FromSeconds(3));
        var succeeded = await operation.UpdateStatusAsync();

        Assert.That(operation.CreateResponse!.StatusCode, Is.EqualTo(202));
        Assert.That(operation.CreateResponse.OrdersAsync, Is.True);
        Assert.That(new[] { queued.Status, processing.Status, succeeded.Status }, Is.EqualTo(new[] { "queued", "processing", "succeeded" }));
        Assert.That(operation.Value.Id, Is.EqualTo(harness.Sandbox.State.Orders.Single().Id));
        Assert.That(operation.PollCount, Is.EqualTo(3));
    }

    [Test]
    public async Task WatchAsync_AsyncAccount_Follows202FromQueuedToSucceeded()
    {
        var clock = new TestClock();
        var harness = await StartAsync(s => Async(s), clock: clock);

        var operation = await clock.RunAsync(harness.Client.Orders.StartAsync(OrderRequests.Amazon(50)));
        var statuses = await clock.RunAsync(Collect(operation.WatchAsync()));
        var order = await operation.WaitForCompletionAsync();

        // The shared clock may move past "processing" while a poll is on the wire, so that one may not be seen.
        Assert.That(statuses[0], Is.EqualTo("queued"));
        Assert.That(statuses[^1], Is.EqualTo("succeeded"));
        Assert.That(statuses, Is.SubsetOf(new[] { "queued", "processing", "succeeded" }).And.Unique);
        var request = harness.Sandbox.State.OrderRequests.Single();
        Assert.That(operation.OrderRequestId, Is.EqualTo(request.Id));
        Assert.That(request.Status, Is.EqualTo("succeeded"));
        Assert.That(order.Id, Is.EqualTo(harness.Sandbox.State.Orders.Single().Id));
        Assert.That(harness.Sandbox.State.Wallet, Is.EqualTo(new SandboxWalletSnapshot("GBP", 1950m, 0m, 1950m)));
    }

    [Test]
    public async Task CreateAndWaitAsync_AsyncFundsShort_ThrowsInsufficientFundsForTheOrderRequest()
    {
        var clock = new TestClock();
        var harness = await StartAsync(s => Async(s, balance: 10m), clock: clock);

        var error = await CatchAsync<InsufficientFundsException>(clock.RunAsync(harness.Client.Orders.CreateAndWaitAsync(OrderRequests.Amazon(50))));

        var request = harness.Sandbox.State.OrderRequests.Single();
        Assert.That(request.Status, Is.EqualTo("failed"));
        Assert.That(error.OrderRequestId, Is.EqualTo(request.Id));
        Assert.That(error.FailureReason, Is.EqualTo("Insufficient available balance. Required: 50, Available: 10 GBP"));
        Assert.That(error.Required, Is.EqualTo(50m));
        Assert.That(error.Available, Is.EqualTo(10m));
        Assert.That(harness.Sandbox.State.Orders, Is.Empty);
        Assert.That(harness.Sandbox.State.Wallet.Balance, Is.EqualTo(10m));
    }

    [Test]
    public async Task Resume_ByOrderRequestIdFromAnotherClient_ReturnsTheSameOrder()
    {
        var clock = new TestClock();
        var harness = await StartAsync(s => Async(s), clock: clock);
        var started = await clock.RunAsync(harness.Client.Orders.StartAsync(OrderRequests.Amazon(50)));
        var restarted = harness.CreateClient(harness.Sandbox.ApiKey);

        var order = await clock.RunAsync(restarted.Orders.Resume(started.OrderRequestId!).WaitForCompletionAsync());

        Assert.That(order.Id, Is.EqualTo(harness.Sandbox.State.Orders.Single().Id));
        Assert.That(harness.Sandbox.State.OrderRequests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task CreateBulkAndWaitAsync_AsyncWithUnknownProduct_ReturnsCreatedAndRejectedItems()
    {
        var clock = new TestClock();
        var harness = await StartAsync(s => Async(s), clock: clock);

        var result = await clock.RunAsync(harness.Client.Orders.CreateBulkAndWaitAsync([OrderRequests.Amazon(10), OrderRequests.Unknown()]));

        Assert.That(harness.Sandbox.State.OrderRequests.Single().Type, Is.EqualTo("bulk"));
        Assert.That(result.Orders.Single().Id, Is.EqualTo(harness.Sandbox.State.Orders.Single().Id));
        Assert.That(result.RejectedOrders.Single().ProductCode, Is.EqualTo("NO_SUCH_PRODUCT"));
        Assert.That(result.IsPartial, Is.True);
    }

    private static async Task<List<string>> Collect(IAsyncEnumerable<OrderStatusUpdate> updates)
    {
        var statuses = new List<string>();
        await foreach (var update in updates)
        {
            statuses.Add(update.Status);
        }

        return statuses;
    }
}
