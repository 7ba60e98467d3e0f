
namespace UGiftMe.IntegrationTests.Orders;

public class OrderHistoryTests : IntegrationTest
{
    [Test]
    public async Task ListAllAsync_FiveOrdersInPagesOfTwo_ReturnsEachOnce()
    {
        var harness = await StartAsync();
        await CreateOrdersAsync(harness, amazon: 3, tesco: 2);

        var listed = new List<string?>();
        await foreach (var order in harness.Client.Orders.ListAllAsync(pageSize: 2))
        {
            listed.Add(order.Id);
        }

        OrderHistoryPage last = await harness.Client.Orders.ListAsync(page: 3, pageSize: 2);
        Assert.That(listed, Is.EquivalentTo(harness.Sandbox.State.Orders.Select(o => o.Id)));
        Assert.That(listed, Is.Unique);
        Assert.That(last.Total, Is.EqualTo(5));
        Assert.That(last.TotalPages, Is.EqualTo(3));
        Assert.That(last.Orders, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ListAsync_SortedByValueAscending_OrdersByValue()
    {
        var harness = await StartAsync();
        foreach (var value in new[] { 30m, 10m, 20m })
        {
            await harness.Client.Orders.CreateAndWaitAsync(OrderRequests.Amazon(value));
        }

        OrderHistoryPage page = await harness.Client.Orders.ListAsync(sortBy: "valuePurchased", order: SortOrder.Asc);

        Assert.That(page.Orders.Select(o => o.ValuePurchased), Is.EqualTo(new[] { 10d, 20d, 30d }));
    }

    [Test]
    public async Task SearchAllAsync_ByMerchantPageSizeOne_ReturnsOnlyThatMerchantAcrossPages()
    {
        var harness = await StartAsync();
        await CreateOrdersAsync(harness, amazon: 3, tesco: 2);

        var found = new List<BusinessOrder>();
        await foreach (var order in harness.Client.Orders.SearchAllAsync(new OrderSearchQuery { Merchant = "Tesco", PageSize = 1, IsActive = true }))
        {
            found.Add(order);
        }

        Assert.That(found, Has.Count.EqualTo(2));
        Assert.That(found.Select(o => o.ProductCode), Is.All.EqualTo("TESCO-GBP-50"));
        Assert.That(found.Select(o => o.Id), Is.Unique);
    }

    [Test]
    public async Task GetAsync_KnownAndUnknownIds_ReturnsTheOrderOrThrowsNotFound()
    {
        var harness = await StartAsync();
        var created = await harness.Client.Orders.CreateAndWaitAsync(OrderRequests.Amazon(10));

        BusinessOrder fetched = await harness.Client.Orders.GetAsync(created.Id!);
        var missing = await CatchAsync<ResourceNotFoundException>(harness.Client.Orders.GetAsync("000000000000000000000000"));

        Assert.That(fetched.ValuePurchased, Is.EqualTo(10));
        Assert.That(fetched.Merchant!.VoucherCode, Is.EqualTo(created.Merchant!.VoucherCode));
        Assert.That(missing.StatusCode, Is.EqualTo(404));
    }

    private static async Task CreateOrdersAsync(SdkHarness harness, int amazon, int tesco)
    {
        for (var i = 0; i < amazon; i++)
        {
            await harness.Client.Orders.CreateAndWaitAsync(OrderRequests.Amazon(10 + i));
        }

        for (var i = 0; i < tesco; i++)
        {
            await harness.Client.Orders.CreateAndWaitAsync(OrderRequests.Tesco());
        }
    }
}
