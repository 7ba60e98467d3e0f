using System.Web;
using Newtonsoft.Json.Linq;
using RichardSzalay.MockHttp;
using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Tests.Facade.Pagination;

/// <summary>The page walkers over UGiftMe's three page envelopes (and the inferred product one).</summary>
public sealed class PagingTests
{
    private readonly List<(int Page, int? Limit)> _requested = [];

    [SetUp]
    public void ForgetRequests() => _requested.Clear();

    [Test]
    public async Task Walk_OrderHistory_WalksEveryPageInOrderAndStopsAtTheLast()
    {
        using var client = Client("/orders", page => History(page, totalPages: 3, $"o{page}a", $"o{page}b"));

        var ids = await Ids(client.Orders.ListAllAsync(pageSize: 2), o => o.Id);

        Assert.That(ids, Is.EqualTo(new[] { "o1a", "o1b", "o2a", "o2b", "o3a", "o3b" }));
        Assert.That(_requested, Is.EqualTo(new[] { (1, (int?)2), (2, 2), (3, 2) }));
    }

    [Test]
    public async Task Walk_OrderHistoryEmptyPageBeforeTotalPages_Stops()
    {
        using var client = Client("/orders", page => page == 1 ? History(1, totalPages: 5, "o1") : History(page, totalPages: 5));

        var ids = await Ids(client.Orders.ListAllAsync(pageSize: 1), o => o.Id);

        Assert.That(ids, Is.EqualTo(new[] { "o1" }));
        Assert.That(_requested.Select(r => r.Page), Is.EqualTo(new[] { 1, 2 }));
    }

    [Test]
    public async Task Walk_OrderSearch_UsesPaginationCurrentPageAndTotalPages()
    {
        using var client = Client("/orders/search", page => new JObject
        {
            ["success"] = true,
            ["orders"] = Items(page <= 2 ? [$"s{page}"] : []),
            ["pagination"] = new JObject { ["total"] = 2, ["totalPages"] = 2, ["currentPage"] = page, ["limit"] = 1 },
        });

        var ids = await Ids(client.Orders.SearchAllAsync(new OrderSearchQuery { Merchant = "Amazon UK", PageSize = 1 }), o => o.Id);

        Assert.That(ids, Is.EqualTo(new[] { "s1", "s2" }));
        Assert.That(_requested, Is.EqualTo(new[] { (1, (int?)1), (2, 1) }));
    }

    [Test]
    public async Task Walk_OrderSearchEmptyPage_Stops()
    {
        using var client = Client("/orders/search", page => new JObject
        {
            ["success"] = true,
            ["orders"] = new JArray(),
            ["pagination"] = new JObject { ["total"] = 9, ["totalPages"] = 9, ["currentPage"] = page },
        });

        var ids = await Ids(client.Orders.SearchAllAsync(new OrderSearchQuery()), o => o.Id);

        Assert.That(ids, Is.Empty);
        Assert.That(_requested.Select(r => r.Page), Is.EqualTo(new[] { 1 }));
    }

    [Test]
    public async Task Walk_TransactionLedger_UsesPaginationCurrentPageTotalPagesAndTotalTransactions()
    {
        using var client = Client("/wallet/transactions", page => new JObject
        {
            ["transactions"] = new JArray(Enumerable.Range(1, page < 3 ? 2 : 1).Select(i => new JObject { ["orderID"] = $"t{page}.{i}", ["transactionType"] = "purchase" })),
            ["pagination"] = new JObject { ["currentPage"] = page, ["totalPages"] = 3, ["totalTransactions"] = 5, ["limit"] = 2 },
        });

        var ids = await Ids(client.Wallet.ListAllTransactionsAsync(pageSize: 2), t => t.OrderID);

        Assert.That(ids, Is.EqualTo(new[] { "t1.1", "t1.2", "t2.1", "t2.2", "t3.1" }));
        Assert.That(_requested, Is.EqualTo(new[] { (1, (int?)2), (2, 2), (3, 2) }));
    }

    [Test]
    public async Task Walk_TransactionLedgerEmptyPage_Stops()
    {
        using var client = Client("/wallet/transactions", page => new JObject
        {
            ["transactions"] = page == 1 ? new JArray(new JObject { ["orderID"] = "t1" }) : new JArray(),
            ["pagination"] = new JObject { ["currentPage"] = page, ["totalPages"] = 4, ["totalTransactions"] = 4 },
        });

        var ids = await Ids(client.Wallet.ListAllTransactionsAsync(), t => t.OrderID);

        Assert.That(ids, Is.EqualTo(new[] { "t1" }));
        Assert.That(_requested.Select(r => r.Page), Is.EqualTo(new[] { 1, 2 }));
    }

    [Test]
    public async Task Walk_ProductsWithTotalPages_WalksAllPagesAndStopsAtTheLast()
    {
        using var client = Client("/products", page => new JObject
        {
            ["products"] = new JArray(new JObject { ["productCode"] = $"P{page}" }),
            ["pagination"] = new JObject { ["currentPage"] = page, ["totalPages"] = 2 },
        });

        var codes = await Ids(client.Products.ListAllAsync(pageSize: 5), p => p.ProductCode);

        Assert.That(codes, Is.EqualTo(new[] { "P1", "P2" }));
        Assert.That(_requested, Is.EqualTo(new[] { (1, (int?)5), (2, 5) }));
    }

    [Test]
    public async Task Walk_ProductsWithoutTotalPages_ContinuesWhilePagesAreFull()
    {
        using var client = Client("/products/search", page => new JObject
        {
            ["products"] = new JArray(Enumerable.Range(1, page < 3 ? 2 : 1).Select(i => new JObject { ["productCode"] = $"P{page}.{i}" })),
        });

        var codes = await Ids(client.Products.SearchAllAsync(merchant: "Tesco", pageSize: 2), p => p.ProductCode);

        Assert.That(codes, Is.EqualTo(new[] { "P1.1", "P1.2", "P2.1", "P2.2", "P3.1" }));
        Assert.That(_requested.Select(r => r.Page), Is.EqualTo(new[] { 1, 2, 3 }));
    }

    [Test]
    public async Task Walk_ProductsEmptyPage_Stops()
    {
        using var client = Client("/products", page => new JObject { ["products"] = new JArray() });

        var codes = await Ids(client.Products.ListAllAsync(), p => p.ProductCode);

        Assert.That(codes, Is.Empty);
        Assert.That(_requested.Select(r => r.Page), Is.EqualTo(new[] { 1 }));
    }

    [Test]
    public async Task Walk_CallerStopsEarly_FetchesNoFurtherPage()
    {
        using var client = Client("/orders", page => History(page, totalPages: 50, $"o{page}a", $"o{page}b"));

        await foreach (var order in client.Orders.ListAllAsync(pageSize: 2))
        {
            if (order.Id == "o2a")
            {
                break;
            }
        }

        Assert.That(_requested.Select(r => r.Page), Is.EqualTo(new[] { 1, 2 }));
    }

    private static IEnumerable<TestCaseData> BadPageArguments()
    {
        yield return Bad("Orders.ListAllAsync(0)", c => c.Orders.ListAllAsync(pageSize: 0));
        yield return Bad("Orders.ListAsync(page 0)", c => c.Orders.ListAsync(page: 0));
        yield return Bad("Orders.ListAsync(pageSize -1)", c => c.Orders.ListAsync(pageSize: -1));
        yield return Bad("Orders.SearchAllAsync(PageSize 0)", c => c.Orders.SearchAllAsync(new OrderSearchQuery { PageSize = 0 }));
        yield return Bad("Orders.SearchAsync(page 0)", c => c.Orders.SearchAsync(new OrderSearchQuery(), page: 0));
        yield return Bad("Wallet.ListAllTransactionsAsync(0)", c => c.Wallet.ListAllTransactionsAsync(pageSize: 0));
        yield return Bad("Wallet.ListTransactionsAsync(page -3)", c => c.Wallet.ListTransactionsAsync(page: -3));
        yield return Bad("Products.ListAllAsync(0)", c => c.Products.ListAllAsync(pageSize: 0));
        yield return Bad("Products.SearchAllAsync(-5)", c => c.Products.SearchAllAsync(pageSize: -5));
        yield return Bad("Products.ListAsync(pageSize 0)", c => c.Products.ListAsync(pageSize: 0));
    }

    [TestCaseSource(nameof(BadPageArguments))]
    public void Walk_BadPageOrPageSize_ThrowsArgumentOutOfRangeBeforeAnyRequest(Func<UGiftMeClient, object> call)
    {
        var mock = new MockHttpMessageHandler();
        var any = mock.When("*").Respond(_ => Responses.Json(200, "{}"));
        using var client = TestClients.Create(mock, new TestClock());

        Assert.That(() => call(client), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(mock.GetMatchCount(any), Is.Zero);
    }

    private static TestCaseData Bad(string name, Func<UGiftMeClient, object> call) => new(call) { TestName = $"Walk_BadPageOrPageSize_ThrowsArgumentOutOfRange({name})" };

    private static JObject History(int page, int totalPages, params string[] ids) =>
        new() { ["total"] = totalPages * 2, ["page"] = page, ["totalPages"] = totalPages, ["orders"] = Items(ids) };

    private static JArray Items(string[] ids) =>
        new(ids.Select(id => new JObject { ["_id"] = id, ["productCode"] = "AMAZON_UK_STD", ["status"] = "active" }));

    private static async Task<List<string?>> Ids<T>(IAsyncEnumerable<T> items, Func<T, string?> id)
    {
        var ids = new List<string?>();
        await foreach (var item in items)
        {
            ids.Add(id(item));
        }

        return ids;
    }

    private UGiftMeClient Client(string path, Func<int, JObject> page)
    {
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, TestClients.BaseUrl + path).Respond(request =>
        {
            var query = HttpUtility.ParseQueryString(request.RequestUri!.Query);
            var number = int.Parse(query["page"]!, System.Globalization.CultureInfo.InvariantCulture);
            _requested.Add((number, query["limit"] is { } limit ? int.Parse(limit, System.Globalization.CultureInfo.InvariantCulture) : null));
            return Responses.Json(200, page(number).ToString(Newtonsoft.Json.Formatting.None));
        });
        return TestClients.Create(mock, new TestClock());
    }
}
