using System.Net;
using UGiftMe.Sandbox.Tests.TestSupport;

namespace UGiftMe.Sandbox.Tests.Orders;

public class SyncOrderTests
{
    [Test]
    public async Task CreateOrder_SyncMode_Returns201OrderAndDebitsOnce()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var client = sandbox.CreateClient();

        using var response = await Api.PostAsync(
            client,
            "orders",
            new
            {
                productCode = "AMAZON_UK_STD", merchant = "Amazon UK", currency = "GBP", valuePurchased = 49.5,
                recipientEmail = "alex@example.com", recipientName = "Alex", giftMessage = "Thanks!",
            });
        var order = await Api.JsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(Api.Header(response, "X-Business-Orders-Async"), Is.EqualTo("false"));
        Assert.That((string?)order["_id"], Does.Match("^[0-9a-f]{24}$"));
        Assert.That((decimal?)order["valuePurchased"], Is.EqualTo(49.5m));
        Assert.That((string?)order["merchant"]!["voucherCode"], Does.Match("^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$"));
        Assert.That((string?)order["giftOrder"]!["message"], Is.EqualTo("Thanks!"));
        Assert.That(sandbox.State.Wallet.Balance, Is.EqualTo(2000m - 49.5m));
        var purchases = sandbox.State.Ledger.Where(t => t.TransactionType == "purchase").ToList();
        Assert.That(purchases, Has.Count.EqualTo(1));
        Assert.That(purchases[0].OrderId, Is.EqualTo((string?)order["_id"]));
    }

    [Test]
    public async Task CreateOrder_MoreThanAvailable_Is402WithRequiredAvailableCurrency()
    {
        var options = new SandboxOptions();
        options.Wallet.InitialBalance = 10m;
        await using var sandbox = await SandboxServer.StartAsync(options);
        using var client = sandbox.CreateClient();

        using var response = await Api.PostAsync(client, "orders", Api.Order(value: 50m));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.PaymentRequired));
        Assert.That(
            (await Api.JsonAsync(response)).ToJsonString(),
            Is.EqualTo("""{"error":"Insufficient funds","required":50,"available":10,"currency":"GBP"}"""));
        Assert.That(sandbox.State.Orders, Is.Empty);
    }

    [TestCase("""{"merchant":"Amazon UK","currency":"GBP","valuePurchased":50}""", "productCode is required")]
    [TestCase("""{"productCode":"AMAZON_UK_STD","merchant":"Amazon UK","currency":"GBP","valuePurchased":"50"}""", "valuePurchased must be a number")]
    [TestCase("""{"productCode":"AMAZON_UK_STD","merchant":"Amazon UK","currency":"GBP","valuePurchased":-5}""", "greater than 0")]
    [TestCase("""{"productCode":"AMAZON_UK_STD","merchant":"Tesco","currency":"GBP","valuePurchased":50}""", "sold by merchant 'Amazon UK'")]
    [TestCase("""{"productCode":"AMAZON_UK_STD","merchant":"Amazon UK","currency":"USD","valuePurchased":50}""", "sold in GBP")]
    [TestCase("""{"productCode":"TESCO-GBP-50","merchant":"Tesco","currency":"GBP","valuePurchased":20}""", "only sold in values 50")]
    [TestCase("""{"productCode":"AMAZON_UK_STD","merchant":"Amazon UK","currency":"GBP","valuePurchased":50,"recipientEmail":"nope"}""", "recipientEmail")]
    [TestCase("""[1,2]""", "must be a JSON object")]
    [TestCase("""{"productCode":""", "not valid JSON")]
    public async Task CreateOrder_BadInput_Is400WithClearMessage(string json, string expected)
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var client = sandbox.CreateClient();

        using var response = await Api.PostRawAsync(client, "orders", json);
        var body = await Api.JsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((string?)body["error"], Is.Not.Empty);
        Assert.That((string?)body["message"], Does.Contain(expected));
    }

    [Test]
    public async Task CreateOrder_UnknownProduct_Is400ProductNotFound()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var client = sandbox.CreateClient();

        using var response = await Api.PostAsync(client, "orders", Api.Order(productCode: "UNKNOWN_CODE"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((string?)(await Api.JsonAsync(response))["error"], Is.EqualTo("Product not found"));
    }

    [Test]
    public async Task CreateBulk_WithUnknownProduct_CreatesValidOnesAndListsRejected()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var client = sandbox.CreateClient();

        using var response = await Api.PostAsync(
            client,
            "orders/bulk",
            new { orders = new[] { Api.Order(value: 25m), Api.Order("JL_UK_STD", "John Lewis", 50m), Api.Order("UNKNOWN_CODE") } });
        var body = await Api.JsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(body["orders"]!.AsArray(), Has.Count.EqualTo(2));
        Assert.That((int?)body["summary"]!["totalOrders"], Is.EqualTo(2));
        Assert.That((decimal?)body["summary"]!["totalValue"], Is.EqualTo(75m));
        Assert.That((decimal?)body["summary"]!["remainingBalance"], Is.EqualTo(1925m));
        Assert.That(
            body["rejectedOrders"]!.ToJsonString(),
            Is.EqualTo("""[{"productCode":"UNKNOWN_CODE","reason":"Product not found"}]"""));
        Assert.That(sandbox.State.Ledger.Count(t => t.TransactionType == "purchase"), Is.EqualTo(2));
    }

    [Test]
    public async Task CreateBulk_TotalAboveAvailable_Is402ForTheBulkTotalAndCreatesNothing()
    {
        var options = new SandboxOptions();
        options.Wallet.InitialBalance = 60m;
        await using var sandbox = await SandboxServer.StartAsync(options);
        using var client = sandbox.CreateClient();

        using var response = await Api.PostAsync(
            client, "orders/bulk", new { orders = new[] { Api.Order(value: 40m), Api.Order(value: 40m) } });
        var body = await Api.JsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.PaymentRequired));
        Assert.That((decimal?)body["required"], Is.EqualTo(80m));
        Assert.That((decimal?)body["available"], Is.EqualTo(60m));
        Assert.That(sandbox.State.Orders, Is.Empty);
    }

    [TestCase("""{}""")]
    [TestCase("""{"orders":[]}""")]
    [TestCase("""{"orders":"x"}""")]
    public async Task CreateBulk_WithoutOrders_Is400(string json)
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var client = sandbox.CreateClient();

        using var response = await Api.PostRawAsync(client, "orders/bulk", json);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task GetOrder_Known_ReturnsDetailsWithUserId_Unknown_Is404()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var client = sandbox.CreateClient();
        using var created = await Api.PostAsync(client, "orders", Api.Order());
        var id = (string?)(await Api.JsonAsync(created))["_id"];

        using var found = await Api.GetAsync(client, "orders/" + id);
        using var missing = await Api.GetAsync(client, "orders/000000000000000000000000");

        Assert.That((string?)(await Api.JsonAsync(found))["userId"], Is.EqualTo("507f1f77bcf86cd799439011"));
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task UnknownPath_Is404Json()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var client = sandbox.CreateClient();

        using var response = await Api.GetAsync(client, "nothing-here");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((string?)(await Api.JsonAsync(response))["error"], Is.EqualTo("Not found"));
    }
}
