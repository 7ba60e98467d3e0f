using System.Net;
using RichardSzalay.MockHttp;
using UGiftMe.Models;
using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Tests.Facade.Orders;

public sealed class OrderCreateRetryTests
{
    private static CreateOrderRequest Request() => new()
    {
        ProductCode = "AMAZON_UK_STD",
        Merchant = "Amazon UK",
        Currency = "GBP",
        ValuePurchased = 50,
    };

    [Test]
    public async Task StartAsync_503Then503Then201_SendsThreeTimesWithOneIdempotencyKeyAndReturnsTheOrder()
    {
        var clock = new TestClock();
        var mock = new MockHttpMessageHandler();
        var keys = new List<string>();
        var statuses = new Queue<HttpStatusCode>([HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.Created]);
        mock.When(HttpMethod.Post, TestClients.BaseUrl + "/orders").Respond(request =>
        {
            keys.Add(request.Headers.GetValues("Idempotency-Key").Single());
            var status = statuses.Dequeue();
            var body = status == HttpStatusCode.Created
                ? DocumentedFixture.Load("responses/create-order-201.json").BodyText
                : """{"error":"Service unavailable"}""";
            return new HttpResponseMessage(status) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        });
        using var client = TestClients.Create(mock, clock);

        var operation = await clock.RunAsync(client.Orders.StartAsync(Request()));

        Assert.That(keys, Has.Count.EqualTo(3));
        Assert.That(keys.Distinct().Count(), Is.EqualTo(1));
        Assert.That(operation.HasCompleted, Is.True);
        Assert.That(operation.Value.Id, Is.EqualTo("65b0d1e2f3a4b56789012345"));
        Assert.That(operation.CreateResponse!.RetryCount, Is.EqualTo(2));
        Assert.That(operation.IdempotencyKey, Is.EqualTo(keys[0]));
    }
}
