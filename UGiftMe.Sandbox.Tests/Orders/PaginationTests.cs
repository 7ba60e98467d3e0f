using System.Net;
using System.Text.Json.Nodes;
using UGiftMe.Sandbox.Tests.TestSupport;

namespace UGiftMe.Sandbox.Tests.Orders;

/// <summary>The API's three page envelopes (and the products one), over a sandbox with five orders.</summary>
public class PaginationTests
{
    private SandboxServer _sandbox = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task StartWithFiveOrders()
    {
        _sandbox = await SandboxServer.StartAsync();
        _client = _sandbox.CreateClient();
        decimal[] values = [10m, 20m, 30m, 40m];
        foreach (var value in values)
        {
            using var response = await Api.PostAsync(_client, "orders", Api.Order(value: value));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        using var tesco = await Api.PostAsync(_client, "orders", Api.Order("TESCO-GBP-50", "Tesco", 50m));
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _client.Dispose();
        await _sandbox.DisposeAsync();
    }

    private async Task<JsonNode> GetJsonAsync(string path)
    {
        using var response = await Api.GetAsync(_client, path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
        return await Api.JsonAsync(response);
    }

    [Test]
    public async Task ListOrders_SecondPage_UsesTopLevelTotalPageTotalPages()
    {
        var page = await GetJsonAsync("orders?page=2&limit=2");

        Assert.That((int?)page["total"], Is.EqualTo(5));
        Assert.That((int?)page["page"], Is.EqualTo(2));
        Assert.That((int?)page["totalPages"], Is.EqualTo(3));
        Assert.That(page["orders"]!.AsArray().Select(o => (decimal?)o!["valuePurchased"]), Is.EqualTo(new decimal?[] { 30m, 20m }));
    }

    [Test]
    public async Task ListOrders_SortByValueAscending_OrdersByValue()
    {
        var page = await GetJsonAsync("orders?sortBy=valuePurchased&order=asc&limit=3");

        Assert.That(page["orders"]!.AsArray().Select(o => (decimal?)o!["valuePurchased"]), Is.EqualTo(new decimal?[] { 10m, 20m, 30m }));
    }

    [Test]
    public async Task SearchOrders_ByMerchant_UsesPaginationObject()
    {
        var page = await GetJsonAsync("orders/search?merchant=tesco&isPaid=true");

        Assert.That((bool?)page["success"], Is.True);
        Assert.That(page["orders"]!.AsArray(), Has.Count.EqualTo(1));
        Assert.That(
            page["pagination"]!.ToJsonString(), Is.EqualTo("""{"total":1,"totalPages":1,"currentPage":1,"limit":10}"""));
    }

    [Test]
    public async Task SearchOrders_EndDateBeforeEverything_FindsNothing()
    {
        var page = await GetJsonAsync("orders/search?endDate=2000-01-01T00:00:00.000Z");

        Assert.That((int?)page["pagination"]!["total"], Is.EqualTo(0));
    }

    [Test]
    public async Task Ledger_FirstPage_UsesTotalTransactionsAndNewestFirst()
    {
        var page = await GetJsonAsync("wallet/transactions?limit=4");

        Assert.That(
            page["pagination"]!.ToJsonString(),
            Is.EqualTo("""{"currentPage":1,"totalPages":2,"totalTransactions":6,"limit":4}"""));
        Assert.That((decimal?)page["transactions"]![0]!["transactionValue"], Is.EqualTo(50m));
        Assert.That((string?)page["transactions"]![0]!["orderID"], Is.Not.Null);
    }

    [Test]
    public async Task Wallet_ReturnsArrayWithBalanceAndEmbeddedTransactions()
    {
        var wallets = (await GetJsonAsync("wallet")).AsArray();

        Assert.That(wallets, Has.Count.EqualTo(1));
        Assert.That((decimal?)wallets[0]!["balance"], Is.EqualTo(1850m));
        Assert.That((string?)wallets[0]!["userID"], Is.EqualTo("507f1f77bcf86cd799439011"));
        Assert.That(wallets[0]!["transactions"]!.AsArray(), Has.Count.EqualTo(6));
    }

    [Test]
    public async Task Products_ListSearchAndFilters_ShowTheCatalog()
    {
        var all = await GetJsonAsync("products?limit=2");
        var search = await GetJsonAsync("products/search?merchant=John%20Lewis");
        var filters = await GetJsonAsync("products/filters");

        Assert.That((int?)all["pagination"]!["total"], Is.EqualTo(3));
        Assert.That(all["products"]!.AsArray(), Has.Count.EqualTo(2));
        Assert.That((string?)search["products"]!.AsArray().Single()!["productCode"], Is.EqualTo("JL_UK_STD"));
        Assert.That(
            filters["merchants"]!.AsArray().Select(m => (string?)m),
            Is.EqualTo(new[] { "Amazon UK", "John Lewis", "Tesco" }));
    }

    [TestCase("orders?page=0")]
    [TestCase("orders?limit=abc")]
    [TestCase("orders?limit=1000")]
    [TestCase("orders?sortBy=password")]
    [TestCase("orders?order=sideways")]
    [TestCase("orders/search?isActive=yes")]
    [TestCase("orders/search?startDate=yesterday")]
    [TestCase("wallet/transactions?page=-1")]
    [TestCase("products?limit=0")]
    public async Task Paging_BadQuery_Is400WithMessage(string path)
    {
        using var response = await Api.GetAsync(_client, path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((string?)(await Api.JsonAsync(response))["message"], Is.Not.Empty);
    }
}
