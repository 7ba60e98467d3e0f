
namespace UGiftMe.IntegrationTests.Orders;

public class BulkOrderTests : IntegrationTest
{
    [Test]
    public async Task CreateBulkAndWaitAsync_SyncWithUnknownProduct_CreatesTheOthersAndReportsTheRejectedItem()
    {
        var harness = await StartAsync();

        var result = await harness.Client.Orders.CreateBulkAndWaitAsync([OrderRequests.Amazon(10), OrderRequests.Tesco(), OrderRequests.Unknown()]);

        Assert.That(result.IsPartial, Is.True);
        Assert.That(result.Orders.Select(o => o.Id), Is.EquivalentTo(harness.Sandbox.State.Orders.Select(o => o.Id)));
        Assert.That(result.Orders, Has.Count.EqualTo(2));
        Assert.That(result.RejectedOrders.Single().ProductCode, Is.EqualTo("NO_SUCH_PRODUCT"));
        Assert.That(result.RejectedOrders.Single().Reason, Is.EqualTo("Product not found"));
        Assert.That(result.Summary!.TotalValue, Is.EqualTo(60));
        Assert.That(harness.Sandbox.State.Wallet.Balance, Is.EqualTo(1940m));
        Assert.That(harness.Sandbox.State.Ledger.Count(e => e.TransactionType == "purchase"), Is.EqualTo(2));
    }

    [Test]
    public async Task CreateBulkAndWaitAsync_TotalAboveBalance_Throws402AndCreatesNothing()
    {
        var harness = await StartAsync(sandbox => sandbox.Wallet.InitialBalance = 100m);

        var error = await CatchAsync<InsufficientFundsException>(
            harness.Client.Orders.CreateBulkAndWaitAsync([OrderRequests.Amazon(60), OrderRequests.Amazon(60)]));

        Assert.That(error.StatusCode, Is.EqualTo(402));
        Assert.That(error.Required, Is.EqualTo(120m));
        Assert.That(harness.Sandbox.State.Orders, Is.Empty);
    }
}
