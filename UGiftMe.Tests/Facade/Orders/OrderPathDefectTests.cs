using System.Net;
using RichardSzalay.MockHttp;
using UGiftMe.Models;
using UGiftMe.Testing;
using UGiftMe.Tests.TestSupport;
using Step = UGiftMe.Tests.TestSupport.ScriptedOrderRequests.Step;

namespace UGiftMe.Tests.Facade.Orders;

/// <summary>
/// Outcomes of an order that exists but cannot be read end in an SDK exception with the create's key, never in a raw
/// exception or an order that silently lacks its voucher.
/// </summary>
public sealed class OrderPathDefectTests
{
    private const string Secret = "whsec_order_path_tests";
    private const string RequestId = ScriptedOrderRequests.OrderRequestId;
    private const string OrderId = "65f5a6b7c8d9e01234567890";
    private const string Queued202 = """{"orderRequestId":"65e4f5b6c7d8e90123456789","status":"queued"}""";
    private const string Key = "k-defects-0001";

    private TestClock _clock = null!;
    private MockHttpMessageHandler _mock = null!;
    private OrderCompletionNotifier _notifier = null!;
    private UGiftMeClient _client = null!;

    [SetUp]
    public void CreateClient()
    {
        _clock = new TestClock();
        _mock = new MockHttpMessageHandler();
        _notifier = new OrderCompletionNotifier(timeProvider: _clock);
        _client = TestClients.Create(_mock, _clock, options =>
        {
            options.OrderPolling.CompletionNotifier = _notifier;
            options.OrderPolling.WebhooksConfirmedBeforeSafetyInterval = 0;
        });
    }

    [TearDown]
    public void DisposeClient()
    {
        _client.Dispose();
        _mock.Dispose();
    }

    [Test]
    public async Task VerifiedSucceededWebhook_WhoseOrderCannotBeFetched_ThrowsInsteadOfReturningAnOrderWithOnlyItsId()
    {
        _mock.When(HttpMethod.Post, TestClients.BaseUrl + "/orders").Respond(HttpStatusCode.Accepted, "application/json", Queued202);
        var fetch = _mock.When(HttpMethod.Get, $"{TestClients.BaseUrl}/orders/{OrderId}").Respond(HttpStatusCode.NotFound, "application/json", """{"error":"Order not found"}""");
        var server = new ScriptedOrderRequests(_mock, _clock, (_, _) => Step.Succeeded($$"""{"orderId":"{{OrderId}}"}"""));
        var operation = await _client.Orders.StartAsync(Order(), new OrderCreateOptions { IdempotencyKey = Key });
        var wait = operation.WaitForCompletionAsync();

        await _clock.WaitForPendingTimerAsync();
        await _notifier.PublishAsync(Succeeded());
        var thrown = Assert.CatchAsync<UGiftMeException>(() => _clock.RunAsync(wait));

        Assert.That(thrown, Is.TypeOf<ResourceNotFoundException>(), "the fetch's own failure, after the status poll confirmed the order id");
        Assert.That(_mock.GetMatchCount(fetch), Is.EqualTo(2), "once for the webhook, once for the polled result");
        Assert.That(server.Polls, Is.EqualTo(1), "a failed fetch falls back to polling the request");
        Assert.That(operation.HasValue, Is.False, "never an order without its voucher");
    }

    [Test]
    public async Task VerifiedSucceededWebhook_WhoseFetchFailsOnce_ReturnsTheWholeOrderFromThePolledResult()
    {
        _mock.When(HttpMethod.Post, TestClients.BaseUrl + "/orders").Respond(HttpStatusCode.Accepted, "application/json", Queued202);
        var fetches = 0;
        _mock.When(HttpMethod.Get, $"{TestClients.BaseUrl}/orders/{OrderId}").Respond(_ => Interlocked.Increment(ref fetches) == 1
            ? ScriptedOrderRequests.Json(HttpStatusCode.NotFound, """{"error":"Order not found"}""")
            : ScriptedOrderRequests.Json(HttpStatusCode.OK, $$$"""{"_id":"{{{OrderId}}}","merchant":{"voucherCode":"AFTER-POLL"}}"""));
        _ = new ScriptedOrderRequests(_mock, _clock, (_, _) => Step.Succeeded($$"""{"orderId":"{{OrderId}}"}"""));
        var operation = await _client.Orders.StartAsync(Order(), new OrderCreateOptions { IdempotencyKey = Key });
        var wait = operation.WaitForCompletionAsync();

        await _clock.WaitForPendingTimerAsync();
        await _notifier.PublishAsync(Succeeded());
        var order = await _clock.RunAsync(wait);

        Assert.That(fetches, Is.EqualTo(2), "the webhook's fetch failed, the polled result's fetch read the order");
        Assert.That(order.Id, Is.EqualTo(OrderId));
        Assert.That(order.Merchant!.VoucherCode, Is.EqualTo("AFTER-POLL"));
    }

    [TestCase("""{"_id":"65b0","valuePurchased":"fifty"}""", TestName = "result with a member of the wrong type")]
    [TestCase("""{"_id":"65b0","valuePurchased":1e400}""", TestName = "result with a number out of range")]
    [TestCase("""[1,2,3]""", TestName = "result that is not an object")]
    [TestCase("""{"orderId":".."}""", TestName = "result naming an id that is not a path segment")]
    public void SucceededRequest_WhoseResultDoesNotReadAsAnOrder_ThrowsUnreadableWithTheKey(string result)
    {
        _mock.When(HttpMethod.Post, TestClients.BaseUrl + "/orders").Respond(HttpStatusCode.Accepted, "application/json", Queued202);
        _ = new ScriptedOrderRequests(_mock, _clock, (_, _) => Step.Succeeded(result));
        using var plain = TestClients.Create(_mock, _clock);

        var thrown = Assert.CatchAsync(() => _clock.RunAsync(plain.Orders.CreateAndWaitAsync(Order(), new OrderCreateOptions { IdempotencyKey = Key })));

        Assert.That(thrown, Is.TypeOf<UnreadableResponseException>(), thrown?.ToString());
        var unreadable = (UnreadableResponseException)thrown!;
        Assert.That(unreadable.IdempotencyKey, Is.EqualTo(Key));
        Assert.That(unreadable.Message, Does.Contain("The order exists").And.Contain(RequestId));
    }

    [TestCase("""{"error":"Insufficient funds","required":1e400,"available":10,"currency":"GBP"}""", null, 10, TestName = "402 whose required amount is out of decimal range")]
    [TestCase("""{"error":"Insufficient funds","required":"fifty","available":[1],"currency":"GBP"}""", null, null, TestName = "402 whose amounts are of the wrong type")]
    [TestCase("""{"error":"Insufficient funds","required":"50","available":"10.5","currency":"GBP"}""", 50, 10.5, TestName = "402 whose amounts are strings")]
    public void Create402_WithOddAmounts_ThrowsInsufficientFundsWithWhatCouldBeRead(string body, double? required, double? available)
    {
        _mock.When(HttpMethod.Post, TestClients.BaseUrl + "/orders").Respond(HttpStatusCode.PaymentRequired, "application/json", body);

        var thrown = Assert.ThrowsAsync<InsufficientFundsException>(() => _client.Orders.StartAsync(Order(), new OrderCreateOptions { IdempotencyKey = Key }));

        Assert.That(thrown!.Required, Is.EqualTo(required is null ? null : (decimal?)(decimal)required.Value));
        Assert.That(thrown.Available, Is.EqualTo(available is null ? null : (decimal?)(decimal)available.Value));
        Assert.That(thrown.Error, Is.EqualTo("Insufficient funds"));
        Assert.That(thrown.Currency, Is.EqualTo("GBP"));
        Assert.That(thrown.IdempotencyKey, Is.EqualTo(Key));
    }

    [TestCase("""{"productCode":"AMAZON_UK_STD"}""", TestName = "201 without an order id")]
    [TestCase("""{"_id":null}""", TestName = "201 whose order id is null")]
    public void Create201_WithoutAnOrderId_ThrowsUnreadableSayingTheOrderMayExist(string body)
    {
        _mock.When(HttpMethod.Post, TestClients.BaseUrl + "/orders").Respond(HttpStatusCode.Created, "application/json", body);

        var thrown = Assert.ThrowsAsync<UnreadableResponseException>(() => _client.Orders.StartAsync(Order(), new OrderCreateOptions { IdempotencyKey = Key }));

        Assert.That(thrown!.IdempotencyKey, Is.EqualTo(Key));
        Assert.That(thrown.Message, Does.Contain("may exist").And.Contain(Key));
    }

    [Test]
    public void BulkCreate201_WithoutItsList_ThrowsUnreadableSayingTheOrdersMayExist()
    {
        _mock.When(HttpMethod.Post, TestClients.BaseUrl + "/orders/bulk").Respond(HttpStatusCode.Created, "application/json", """{"success":true}""");

        var thrown = Assert.ThrowsAsync<UnreadableResponseException>(() => _client.Orders.StartBulkAsync([Order()], new OrderCreateOptions { IdempotencyKey = Key }));

        Assert.That(thrown!.IdempotencyKey, Is.EqualTo(Key));
        Assert.That(thrown.Message, Does.Contain("no list of orders"));
    }

    [TestCase("..")]
    [TestCase(".")]
    [TestCase("a/b")]
    public void Create202_WithAnOrderRequestIdThatIsNotOneSegment_IsRefusedOrEscaped(string id)
    {
        _mock.When(HttpMethod.Post, TestClients.BaseUrl + "/orders").Respond(HttpStatusCode.Accepted, "application/json", $$"""{"orderRequestId":"{{id}}","status":"queued"}""");

        if (id is "." or "..")
        {
            var thrown = Assert.ThrowsAsync<UnreadableResponseException>(() => _client.Orders.StartAsync(Order(), new OrderCreateOptions { IdempotencyKey = Key }));
            Assert.That(thrown!.IdempotencyKey, Is.EqualTo(Key));
            return;
        }

        var poll = _mock.When(HttpMethod.Get, TestClients.BaseUrl + "/orders/order-requests/a%2Fb").Respond(HttpStatusCode.OK, "application/json", """{"status":"processing"}""");
        var operation = _client.Orders.StartAsync(Order()).GetAwaiter().GetResult();
        operation.UpdateStatusAsync().GetAwaiter().GetResult();
        Assert.That(_mock.GetMatchCount(poll), Is.EqualTo(1), "the id stays one escaped segment");
    }

    private static CreateOrderRequest Order() => new() { ProductCode = "AMAZON_UK_STD", Merchant = "Amazon UK", Currency = "GBP", ValuePurchased = 50 };

    private static WebhookEvent Succeeded()
    {
        var payload = new { orderRequestId = RequestId, status = "succeeded", type = "single", result = new { orderId = OrderId }, timestamp = "2026-01-01T00:00:05.000Z" };
        var delivery = new WebhookSigner(Secret).CreateDelivery(WebhookEventNames.OrderSucceeded, payload, false);
        return new WebhookVerifier(Secret).Verify(delivery.Body.Span, delivery.ToWebhookHeaders());
    }
}
