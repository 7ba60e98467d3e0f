
namespace UGiftMe.IntegrationTests.Orders;

public class SyncOrderTests : IntegrationTest
{
    [Test]
    public async Task StartAsync_SyncAccount_Is201CompleteAndDebitsOnce()
    {
        var harness = await StartAsync();

        var operation = await harness.Client.Orders.StartAsync(OrderRequests.Amazon(50), new OrderCreateOptions { BusinessReference = "PO-1" });

        Assert.That(operation.CreateResponse!.StatusCode, Is.EqualTo(201));
        Assert.That(operation.CreateResponse.OrdersAsync, Is.False);
        Assert.That(operation.OrderRequestId, Is.Null);
        Assert.That(operation.HasCompleted, Is.True);
        var created = harness.Sandbox.State.Orders.Single();
        Assert.That(operation.Value.Id, Is.EqualTo(created.Id));
        Assert.That(operation.Value.Merchant!.VoucherCode, Is.EqualTo(created.VoucherCode));
        Assert.That(created.IdempotencyKey, Is.EqualTo(IdempotencyKey.FromReference("PO-1")));
        Assert.That(harness.Sandbox.State.Ledger.Single(e => e.TransactionType == "purchase").OrderId, Is.EqualTo(created.Id));
        Assert.That(harness.Sandbox.State.Wallet.Balance, Is.EqualTo(1950m));
    }

    [Test]
    public async Task CreateAndWaitAsync_SameBusinessReferenceTwice_ReturnsTheOriginalOrder()
    {
        var harness = await StartAsync();
        var options = new OrderCreateOptions { BusinessReference = "PO-2" };

        var first = await harness.Client.Orders.CreateAndWaitAsync(OrderRequests.Amazon(50), options);
        var second = await harness.Client.Orders.CreateAndWaitAsync(OrderRequests.Amazon(50), options);

        Assert.That(second.Id, Is.EqualTo(first.Id));
        Assert.That(harness.Sandbox.State.Orders, Has.Count.EqualTo(1));
        Assert.That(harness.Sandbox.State.IdempotencyRecords.Single().ReplayCount, Is.EqualTo(1));
        Assert.That(harness.Sandbox.State.Wallet.Balance, Is.EqualTo(1950m));
    }

    [Test]
    public async Task CreateAndWaitAsync_SameReferenceFromFiveCallersAtOnce_AllGetTheOneOrder()
    {
        var harness = await StartAsync();
        var options = new OrderCreateOptions { BusinessReference = "PO-RACE" };

        var orders = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => harness.Client.Orders.CreateAndWaitAsync(OrderRequests.Amazon(50), options)));

        Assert.That(orders.Select(o => o.Id).Distinct(), Is.EqualTo(new[] { harness.Sandbox.State.Orders.Single().Id }));
        Assert.That(harness.Sandbox.State.IdempotencyRecords.Single().ReplayCount, Is.EqualTo(4));
        Assert.That(harness.Sandbox.State.Wallet.Balance, Is.EqualTo(1950m));
    }

    [Test]
    public async Task CreateAndWaitAsync_SameReferenceDifferentOrder_ThrowsIdempotencyKeyReused()
    {
        var harness = await StartAsync();
        var options = new OrderCreateOptions { BusinessReference = "PO-3" };
        await harness.Client.Orders.CreateAndWaitAsync(OrderRequests.Amazon(50), options);

        var error = await CatchAsync<IdempotencyKeyReusedException>(harness.Client.Orders.CreateAndWaitAsync(OrderRequests.Amazon(60), options));

        Assert.That(error.StatusCode, Is.EqualTo(400));
        Assert.That(error.IdempotencyKey, Is.EqualTo(IdempotencyKey.FromReference("PO-3")));
        Assert.That(harness.Sandbox.State.Orders, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task CreateAndWaitAsync_WalletTooSmall_Throws402InsufficientFundsAndCreatesNothing()
    {
        var harness = await StartAsync(sandbox => sandbox.Wallet.InitialBalance = 10m);

        var error = await CatchAsync<InsufficientFundsException>(harness.Client.Orders.CreateAndWaitAsync(OrderRequests.Amazon(50)));

        Assert.That(error.StatusCode, Is.EqualTo(402));
        Assert.That(error.Required, Is.EqualTo(50m));
        Assert.That(error.Available, Is.EqualTo(10m));
        Assert.That(error.Currency, Is.EqualTo("GBP"));
        Assert.That(error.Shortfall, Is.EqualTo(40m));
        Assert.That(error.RetryCount, Is.Zero);
        Assert.That(harness.Sandbox.State.Orders, Is.Empty);
        Assert.That(harness.Sandbox.State.Wallet.Balance, Is.EqualTo(10m));
    }

    [Test]
    public async Task CreateAndWaitAsync_AfterTopUp_SameReferenceSucceeds()
    {
        // Only 201/202 answers are remembered, so the same reference can be retried once the wallet is funded.
        var harness = await StartAsync(sandbox => sandbox.Wallet.InitialBalance = 10m);
        var options = new OrderCreateOptions { BusinessReference = "PO-4" };
        await CatchAsync<InsufficientFundsException>(harness.Client.Orders.CreateAndWaitAsync(OrderRequests.Amazon(50), options));
        harness.Sandbox.FundWallet(100m);

        var order = await harness.Client.Orders.CreateAndWaitAsync(OrderRequests.Amazon(50), options);

        Assert.That(harness.Sandbox.State.Orders.Single().Id, Is.EqualTo(order.Id));
        Assert.That(harness.Sandbox.State.Wallet.Balance, Is.EqualTo(60m));
    }
}
