using UGiftMe.IntegrationTests.Orders;

namespace UGiftMe.IntegrationTests.Wallet;

public class WalletTests : IntegrationTest
{
    [Test]
    public async Task ListAsync_AfterOrders_ShowsTheDebitedBalance()
    {
        var harness = await StartAsync();
        await harness.Client.Orders.CreateAndWaitAsync(OrderRequests.Amazon(20));

        var wallets = (await harness.Client.Wallet.ListAsync()).Value;

        Assert.That(wallets.Single().Currency, Is.EqualTo("GBP"));
        Assert.That(wallets.Single().Balance, Is.EqualTo(1980));
        Assert.That(harness.Sandbox.State.Wallet.Balance, Is.EqualTo(1980m));
    }

    [Test]
    public async Task ListAllTransactionsAsync_PagesOfTwo_ReturnsFundingAndEveryPurchaseOnce()
    {
        var harness = await StartAsync();
        var orders = new List<BusinessOrder>();
        foreach (var value in new[] { 10m, 20m, 30m })
        {
            orders.Add(await harness.Client.Orders.CreateAndWaitAsync(OrderRequests.Amazon(value)));
        }

        var entries = new List<WalletTransaction>();
        await foreach (var entry in harness.Client.Wallet.ListAllTransactionsAsync(pageSize: 2))
        {
            entries.Add(entry);
        }

        TransactionLedgerPage second = await harness.Client.Wallet.ListTransactionsAsync(page: 2, pageSize: 2);
        Assert.That(entries, Has.Count.EqualTo(4));
        Assert.That(entries.Count(e => e.TransactionType == "funding"), Is.EqualTo(1));
        var purchases = entries.Where(e => e.TransactionType == "purchase").ToList();
        Assert.That(purchases.Select(e => e.OrderID), Is.EquivalentTo(orders.Select(o => o.Id)));
        Assert.That(purchases.Sum(e => e.TransactionValue), Is.EqualTo(60));
        Assert.That(second.Pagination.TotalTransactions, Is.EqualTo(4));
        Assert.That(second.Pagination.TotalPages, Is.EqualTo(2));
    }
}
