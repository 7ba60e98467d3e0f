using System.Net;
using RichardSzalay.MockHttp;
using UGiftMe.Models;
using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Tests.Facade.Http;

/// <summary>Which requests carry an Idempotency-Key, which key, and that every retry of one call reuses it.</summary>
public sealed class IdempotencyHandlerTests
{
    private const string Header = "Idempotency-Key";

    private static CreateOrderRequest Order(string code = "AMAZON_UK_STD") => new() { ProductCode = code, Merchant = "Amazon UK", Currency = "GBP", ValuePurchased = 25 };

    [Test]
    public async Task SendAsync_BulkCreateGets503Then503Then201_SendsThreeTimesWithOneKeyAndReturnsTheOrders()
    {
        var clock = new TestClock();
        var mock = new MockHttpMessageHandler();
        var keys = new List<string>();
        var statuses = new Queue<HttpStatusCode>([HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.Created]);
        mock.When(HttpMethod.Post, TestClients.BaseUrl + "/orders/bulk").Respond(request =>
        {
            keys.Add(request.Headers.GetValues(Header).Single());
            var status = statuses.Dequeue();
            return status == HttpStatusCode.Created
                ? Responses.Fixture(201, "responses/bulk-order-201.json")
                : Responses.Json(status, """{"error":"Service unavailable"}""");
        });
        using var client = TestClients.Create(mock, clock);

        var operation = await clock.RunAsync(client.Orders.StartBulkAsync([Order(), Order("JL_UK_STD")]));

        Assert.That(keys, Has.Count.EqualTo(3));
        Assert.That(keys.Distinct(), Has.Exactly(1).Items);
        Assert.That(keys[0], Does.StartWith("ugm_"));
        Assert.That(operation.HasCompleted, Is.True);
        Assert.That(operation.Value.Orders.Select(o => o.Id), Is.EqualTo(new[] { "65b0d1e2f3a4b56789012345", "65b0d1e2f3a4b56789012346" }));
        Assert.That(operation.CreateResponse!.RetryCount, Is.EqualTo(2));
        Assert.That(operation.CreateResponse.IdempotencyKey, Is.EqualTo(keys[0]));
    }

    [Test]
    public async Task SendAsync_CallerKey_IsSentAsGivenByEveryClientInstance()
    {
        var sent = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            using var client = TestClients.Create(RecordingCreate(sent), new TestClock());
            await client.Orders.StartAsync(Order(), new OrderCreateOptions { IdempotencyKey = "po-2026-0001/retry-safe" });
        }

        Assert.That(sent, Is.EqualTo(new[] { "po-2026-0001/retry-safe", "po-2026-0001/retry-safe" }));
    }

    [Test]
    public async Task SendAsync_BusinessReference_SendsADerivedKeyThatIsStableAcrossClientInstances()
    {
        var sent = new List<string>();
        foreach (var reference in new[] { "PO-1001", "PO-1001", "PO-1002" })
        {
            using var client = TestClients.Create(RecordingCreate(sent), new TestClock());
            var operation = await client.Orders.StartAsync(Order(), new OrderCreateOptions { BusinessReference = reference });
            Assert.That(operation.CreateResponse!.IdempotencyKey, Is.EqualTo(sent[^1]));
        }

        Assert.That(sent[0], Is.EqualTo(UGiftMe.IdempotencyKey.FromReference("PO-1001")));
        Assert.That(sent[1], Is.EqualTo(sent[0]), "a restarted process resending PO-1001 sends the same key");
        Assert.That(sent[2], Is.Not.EqualTo(sent[0]));
        Assert.That(sent[0], Does.Not.Contain("PO-1001"), "the reference itself never leaves the machine");
    }

    [Test]
    public async Task SendAsync_BulkCreateWithBusinessReference_SendsTheDerivedKey()
    {
        var mock = new MockHttpMessageHandler();
        mock.Expect(HttpMethod.Post, TestClients.BaseUrl + "/orders/bulk")
            .WithHeaders(Header, UGiftMe.IdempotencyKey.FromReference("BATCH-7"))
            .Respond(_ => Responses.Fixture(201, "responses/bulk-order-201.json"));
        using var client = TestClients.Create(mock, new TestClock());

        await client.Orders.StartBulkAsync([Order()], new OrderCreateOptions { BusinessReference = "BATCH-7" });

        mock.VerifyNoOutstandingExpectation();
    }

    [Test]
    public async Task SendAsync_TwoCreatesWithoutOptions_GetDifferentAutomaticKeys()
    {
        var sent = new List<string>();
        using var client = TestClients.Create(RecordingCreate(sent), new TestClock());

        await client.Orders.StartAsync(Order());
        await client.Orders.StartAsync(Order());

        Assert.That(sent, Has.Count.EqualTo(2));
        Assert.That(sent, Is.All.StartsWith("ugm_"));
        Assert.That(sent[0], Is.Not.EqualTo(sent[1]));
    }

    [Test]
    public async Task SendAsync_Gets_CarryNoIdempotencyKey()
    {
        var requests = new List<HttpRequestMessage>();
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, "*").Respond(request =>
        {
            requests.Add(request);
            var path = request.RequestUri!.AbsolutePath;
            return path.EndsWith("/auth", StringComparison.Ordinal) ? Responses.Fixture(200, "responses/verify-credentials-200.json")
                : path.EndsWith("/wallet", StringComparison.Ordinal) ? Responses.Fixture(200, "responses/wallet-200.json")
                : path.EndsWith("/orders", StringComparison.Ordinal) ? Responses.Fixture(200, "responses/order-history-200.json")
                : Responses.Fixture(200, "responses/order-details-200.json");
        });
        using var client = TestClients.Create(mock, new TestClock());

        var verified = await client.Auth.VerifyAsync();
        await client.Wallet.ListAsync();
        await client.Orders.ListAsync();
        await client.Orders.GetAsync("65b0d1e2f3a4b56789012345");

        Assert.That(requests, Has.Count.EqualTo(4));
        Assert.That(requests.Select(r => r.Headers.Contains(Header)), Is.All.False);
        Assert.That(verified.Metadata.IdempotencyKey, Is.Null);
    }

    private static MockHttpMessageHandler RecordingCreate(List<string> sent)
    {
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, TestClients.BaseUrl + "/orders").Respond(request =>
        {
            sent.Add(request.Headers.GetValues(Header).Single());
            return Responses.Fixture(201, "responses/create-order-201.json");
        });
        return mock;
    }
}
