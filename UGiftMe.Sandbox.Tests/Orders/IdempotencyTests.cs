using System.Net;
using Microsoft.Extensions.Time.Testing;
using UGiftMe.Sandbox.Tests.TestSupport;

namespace UGiftMe.Sandbox.Tests.Orders;

public class IdempotencyTests
{
    [Test]
    public async Task CreateOrder_SameKeySamePayload_ReplaysOriginal201WithoutSecondOrderOrDebit()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var client = sandbox.CreateClient();

        using var first = await Api.PostAsync(client, "orders", Api.Order(), "key-1");
        using var second = await Api.PostAsync(client, "orders", Api.Order(), "key-1");

        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(await second.Content.ReadAsStringAsync(), Is.EqualTo(await first.Content.ReadAsStringAsync()));
        Assert.That(Api.Header(second, "Idempotent-Replayed"), Is.EqualTo("true"));
        Assert.That(sandbox.State.Orders, Has.Count.EqualTo(1));
        Assert.That(sandbox.State.Ledger.Count(t => t.TransactionType == "purchase"), Is.EqualTo(1));
        Assert.That(sandbox.State.IdempotencyRecords.Single().ReplayCount, Is.EqualTo(1));
    }

    [Test]
    public async Task CreateOrder_SameKeyDifferentPayload_Is400AndCreatesNothingMore()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var client = sandbox.CreateClient();

        using var first = await Api.PostAsync(client, "orders", Api.Order(value: 50m), "key-1");
        using var second = await Api.PostAsync(client, "orders", Api.Order(value: 60m), "key-1");
        var body = await Api.JsonAsync(second);

        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((string?)body["error"], Is.EqualTo("Idempotency key reuse"));
        Assert.That((string?)body["message"], Does.Contain("different payload"));
        Assert.That(sandbox.State.Orders, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task CreateOrder_ConcurrentRequestsWithOneKey_CreateExactlyOneOrder()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var client = sandbox.CreateClient();

        var responses = await Task.WhenAll(
            Enumerable.Range(0, 8).Select(_ => Api.PostAsync(client, "orders", Api.Order(), "same-key")));
        var ids = await Task.WhenAll(responses.Select(async r => (string?)(await Api.JsonAsync(r))["_id"]));

        Assert.That(responses.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.Created));
        Assert.That(ids.Distinct().Count(), Is.EqualTo(1));
        Assert.That(sandbox.State.Orders, Has.Count.EqualTo(1));
        Assert.That(sandbox.State.Wallet.Balance, Is.EqualTo(1950m));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Test]
    public async Task CreateOrder_AsyncModeReplay_ReturnsOriginal202WithSameOrderRequest()
    {
        var options = new SandboxOptions { OrdersAsync = true, TimeProvider = new FakeTimeProvider() };
        await using var sandbox = await SandboxServer.StartAsync(options);
        using var client = sandbox.CreateClient();

        using var first = await Api.PostAsync(client, "orders", Api.Order(), "key-a");
        using var second = await Api.PostAsync(client, "orders", Api.Order(), "key-a");

        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(
            (string?)(await Api.JsonAsync(second))["orderRequestId"],
            Is.EqualTo((string?)(await Api.JsonAsync(first))["orderRequestId"]));
        Assert.That(sandbox.State.OrderRequests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task CreateOrder_402WithKey_IsNotRecordedSoRetryAfterFundingSucceeds()
    {
        var options = new SandboxOptions();
        options.Wallet.InitialBalance = 10m;
        await using var sandbox = await SandboxServer.StartAsync(options);
        using var client = sandbox.CreateClient();

        using var refused = await Api.PostAsync(client, "orders", Api.Order(value: 50m), "key-2");
        sandbox.FundWallet(100m);
        using var retried = await Api.PostAsync(client, "orders", Api.Order(value: 50m), "key-2");

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.PaymentRequired));
        Assert.That(retried.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(sandbox.State.Wallet.Balance, Is.EqualTo(60m));
    }

    [Test]
    public async Task CreateBulk_SameKeyTwice_CreatesTheBulkOnce()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var client = sandbox.CreateClient();
        var bulk = new { orders = new[] { Api.Order(value: 10m), Api.Order(value: 20m) } };

        using var first = await Api.PostAsync(client, "orders/bulk", bulk, "bulk-key");
        using var second = await Api.PostAsync(client, "orders/bulk", bulk, "bulk-key");

        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(sandbox.State.Orders, Has.Count.EqualTo(2));
        Assert.That(sandbox.State.Wallet.Balance, Is.EqualTo(1970m));
    }

    [Test]
    public async Task CreateOrder_EmptyIdempotencyKeyHeader_Is400()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var client = sandbox.CreateClient();

        using var response = await Api.PostAsync(client, "orders", Api.Order(), " ");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task AsyncCreate_KeyWhoseRequestFailed_ReplaysTheFailedRequestEvenAfterFunding_NextKeyOrders()
    {
        var time = new FakeTimeProvider();
        var options = new SandboxOptions { OrdersAsync = true, TimeProvider = time };
        options.Wallet.InitialBalance = 10m;
        await using var sandbox = await SandboxServer.StartAsync(options);
        using var client = sandbox.CreateClient();

        using var first = await Api.PostAsync(client, "orders", Api.Order(value: 50m), "po-1");
        var failedId = (string)(await Api.JsonAsync(first))["orderRequestId"]!;
        time.Advance(TimeSpan.FromMinutes(1));
        sandbox.FundWallet(100m);
        using var resent = await Api.PostAsync(client, "orders", Api.Order(value: 50m), "po-1");
        using var nextAttempt = await Api.PostAsync(client, "orders", Api.Order(value: 50m), "po-1.a2");
        time.Advance(TimeSpan.FromMinutes(1));

        Assert.That(resent.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That((string?)(await Api.JsonAsync(resent))["orderRequestId"], Is.EqualTo(failedId), "the spent key replays the failed request");
        Assert.That(sandbox.State.OrderRequests.Single(r => r.Id == failedId).Status, Is.EqualTo("failed"));
        Assert.That(nextAttempt.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(sandbox.State.Orders, Has.Count.EqualTo(1));
    }
}
