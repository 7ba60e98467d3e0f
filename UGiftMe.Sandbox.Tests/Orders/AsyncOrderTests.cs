using System.Net;
using Microsoft.Extensions.Time.Testing;
using UGiftMe.Sandbox.Tests.TestSupport;

namespace UGiftMe.Sandbox.Tests.Orders;

public class AsyncOrderTests
{
    private static readonly TimeSpan Queued = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Processing = TimeSpan.FromSeconds(3);

    private static SandboxOptions AsyncOptions(FakeTimeProvider time, decimal balance = 2000m)
    {
        var options = new SandboxOptions { OrdersAsync = true, TimeProvider = time };
        options.OrderWorker.QueuedDuration = Queued;
        options.OrderWorker.ProcessingDuration = Processing;
        options.Wallet.InitialBalance = balance;
        return options;
    }

    [Test]
    public async Task CreateOrder_AsyncMode_Returns202QueuedAndHoldsFunds()
    {
        var time = new FakeTimeProvider();
        await using var sandbox = await SandboxServer.StartAsync(AsyncOptions(time));
        using var client = sandbox.CreateClient();

        using var response = await Api.PostAsync(client, "orders", Api.Order(value: 50m));
        var body = await Api.JsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(Api.Header(response, "X-Business-Orders-Async"), Is.EqualTo("true"));
        Assert.That((string?)body["status"], Is.EqualTo("queued"));
        Assert.That((string?)body["orderRequestId"], Does.Match("^[0-9a-f]{24}$"));
        Assert.That(sandbox.State.Wallet, Is.EqualTo(new SandboxWalletSnapshot("GBP", 2000m, 50m, 1950m)));
        Assert.That(sandbox.State.Orders, Is.Empty);
    }

    [Test]
    public async Task OrderRequest_AdvancedByClock_GoesQueuedProcessingSucceededWithOrderResult()
    {
        var time = new FakeTimeProvider();
        await using var sandbox = await SandboxServer.StartAsync(AsyncOptions(time));
        using var client = sandbox.CreateClient();
        using var accepted = await Api.PostAsync(client, "orders", Api.Order(value: 50m));
        var id = (string)(await Api.JsonAsync(accepted))["orderRequestId"]!;

        var queued = await Api.JsonAsync(await Api.GetAsync(client, "orders/order-requests/" + id));
        time.Advance(Queued);
        var processing = await Api.JsonAsync(await Api.GetAsync(client, "orders/order-requests/" + id));
        time.Advance(Processing);
        var done = await Api.JsonAsync(await Api.GetAsync(client, "orders/order-requests/" + id));

        Assert.That((string?)queued["status"], Is.EqualTo("queued"));
        Assert.That((string?)processing["status"], Is.EqualTo("processing"));
        Assert.That((string?)done["status"], Is.EqualTo("succeeded"));
        Assert.That((string?)done["type"], Is.EqualTo("single"));
        Assert.That((string?)done["result"]!["_id"], Is.EqualTo(sandbox.State.Orders.Single().Id));
        Assert.That(sandbox.State.Wallet, Is.EqualTo(new SandboxWalletSnapshot("GBP", 1950m, 0m, 1950m)));
        Assert.That(sandbox.State.Ledger.Count(t => t.TransactionType == "purchase"), Is.EqualTo(1));
    }

    [Test]
    public async Task OrderRequest_FundsShort_FailsWithDocumentedErrorText()
    {
        var time = new FakeTimeProvider();
        await using var sandbox = await SandboxServer.StartAsync(AsyncOptions(time, balance: 10m));
        using var client = sandbox.CreateClient();

        using var accepted = await Api.PostAsync(client, "orders", Api.Order(value: 50m));
        var id = (string)(await Api.JsonAsync(accepted))["orderRequestId"]!;
        time.Advance(Queued + Processing);
        var failed = await Api.JsonAsync(await Api.GetAsync(client, "orders/order-requests/" + id));

        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That((string?)failed["status"], Is.EqualTo("failed"));
        Assert.That(
            (string?)failed["error"], Is.EqualTo("Insufficient available balance. Required: 50, Available: 10 GBP"));
        Assert.That(sandbox.State.Orders, Is.Empty);
        Assert.That(sandbox.State.Wallet.Balance, Is.EqualTo(10m));
    }

    [Test]
    public async Task SyncOrder_WhileFundsHeldForQueuedRequest_Is402AgainstBalanceAfterHolds()
    {
        var time = new FakeTimeProvider();
        var options = AsyncOptions(time, balance: 100m);
        options.ApiKeys.Add(new SandboxApiKey { Key = "async-key" });
        options.ApiKeys.Add(new SandboxApiKey { Key = "sync-key", OrdersAsync = false });
        await using var sandbox = await SandboxServer.StartAsync(options);
        using var asyncClient = sandbox.CreateClient();
        using var syncClient = sandbox.CreateClient(withApiKey: false);
        syncClient.DefaultRequestHeaders.Add("X-API-Key", "sync-key");

        using var accepted = await Api.PostAsync(asyncClient, "orders", Api.Order(value: 80m));
        using var refused = await Api.PostAsync(syncClient, "orders", Api.Order(value: 30m));

        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.PaymentRequired));
        Assert.That(Api.Header(refused, "X-Business-Orders-Async"), Is.EqualTo("false"));
        Assert.That((decimal?)(await Api.JsonAsync(refused))["available"], Is.EqualTo(20m));
    }

    [Test]
    public async Task BulkOrderRequest_Completes_WithBulkResult()
    {
        var time = new FakeTimeProvider();
        await using var sandbox = await SandboxServer.StartAsync(AsyncOptions(time));
        using var client = sandbox.CreateClient();

        using var accepted = await Api.PostAsync(
            client, "orders/bulk", new { orders = new[] { Api.Order(value: 10m), Api.Order("NOPE") } });
        var id = (string)(await Api.JsonAsync(accepted))["orderRequestId"]!;
        time.Advance(Queued + Processing);
        var done = await Api.JsonAsync(await Api.GetAsync(client, "orders/order-requests/" + id));

        Assert.That((string?)done["type"], Is.EqualTo("bulk"));
        Assert.That((string?)done["status"], Is.EqualTo("succeeded"));
        Assert.That((int?)done["result"]!["summary"]!["totalOrders"], Is.EqualTo(1));
        Assert.That((string?)done["result"]!["rejectedOrders"]![0]!["productCode"], Is.EqualTo("NOPE"));
    }

    [Test]
    public async Task OrderRequest_Unknown_Is404()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var client = sandbox.CreateClient();

        using var response = await Api.GetAsync(client, "orders/order-requests/65e4f5b6c7d8e90123456789");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task CreateOrder_KeyOverridesModeAndAccountHeaderRequested_SendsBothHeaders()
    {
        var options = new SandboxOptions { SendAccountOrdersAsyncHeader = true, TimeProvider = new FakeTimeProvider() };
        options.ApiKeys.Add(new SandboxApiKey { Key = "k", OrdersAsync = true });
        await using var sandbox = await SandboxServer.StartAsync(options);
        using var client = sandbox.CreateClient();

        using var response = await Api.PostAsync(client, "orders", Api.Order());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(Api.Header(response, "X-Business-Orders-Async"), Is.EqualTo("true"));
        Assert.That(Api.Header(response, "X-Account-Orders-Async"), Is.EqualTo("true"));
    }
}
