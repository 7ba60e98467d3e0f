using RichardSzalay.MockHttp;
using UGiftMe.Models;
using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Tests.Facade.Http;

/// <summary>A 2xx the generated reader cannot read surfaces as an UnreadableResponseException, from every area client.</summary>
public sealed class UnreadableResponseTests
{
    private static CreateOrderRequest Order() => new() { ProductCode = "AMAZON_UK_STD", Merchant = "Amazon UK", Currency = "GBP", ValuePurchased = 50 };

    private static IEnumerable<TestCaseData> AreaCalls()
    {
        yield return Call("Auth.VerifyAsync", c => c.Auth.VerifyAsync());
        yield return Call("Products.GetFiltersAsync", c => c.Products.GetFiltersAsync());
        yield return Call("Products.ListAsync", c => c.Products.ListAsync());
        yield return Call("Products.SearchAsync", c => c.Products.SearchAsync("Amazon UK"));
        yield return Call("Products.ListAllAsync", c => Drain(c.Products.ListAllAsync()));
        yield return Call("Products.SearchAllAsync", c => Drain(c.Products.SearchAllAsync("Amazon UK")));
        yield return Call("Orders.StartAsync", c => c.Orders.StartAsync(Order()));
        yield return Call("Orders.StartBulkAsync", c => c.Orders.StartBulkAsync([Order()]));
        yield return Call("Orders.GetAsync", c => c.Orders.GetAsync("o-1"));
        yield return Call("Orders.GetRequestAsync", c => c.Orders.GetRequestAsync("r-1"));
        yield return Call("Orders.ListAsync", c => c.Orders.ListAsync());
        yield return Call("Orders.ListAllAsync", c => Drain(c.Orders.ListAllAsync()));
        yield return Call("Orders.SearchAsync", c => c.Orders.SearchAsync(new OrderSearchQuery()));
        yield return Call("Orders.SearchAllAsync", c => Drain(c.Orders.SearchAllAsync(new OrderSearchQuery())));
        yield return Call("Wallet.ListAsync", c => c.Wallet.ListAsync());
        yield return Call("Wallet.ListTransactionsAsync", c => c.Wallet.ListTransactionsAsync());
        yield return Call("Wallet.ListAllTransactionsAsync", c => Drain(c.Wallet.ListAllTransactionsAsync()));
        yield return Call("Webhooks.ListAsync", c => c.Webhooks.ListAsync());
    }

    private static IEnumerable<TestCaseData> UnreadableBodies()
    {
        foreach (var call in AreaCalls())
        {
            foreach (var (label, status, body, mediaType) in new[]
            {
                ("html", 200, "<html><body>Maintenance</body></html>", "text/html"),
                ("empty", 200, "", "application/json"),
                ("null", 200, "null", "application/json"),
                ("wrong shape", 200, "[1,2]", "application/json"),
                ("truncated", 201, "{\"_id\":\"65b0", "application/json"),
                ("undocumented 2xx", 207, "{}", "application/json"),
            })
            {
                yield return new TestCaseData(call.Arguments[0], status, body, mediaType)
                    .SetArgDisplayNames((string)call.TestName!, label);
            }
        }
    }

    [TestCaseSource(nameof(UnreadableBodies))]
    public void SendAsync_2xxWithUnreadableBody_ThrowsUnreadableResponseException(Func<UGiftMeClient, Task> call, int status, string body, string mediaType)
    {
        var mock = new MockHttpMessageHandler();
        mock.When("*").Respond(_ => Responses.Text(status, body, mediaType, ("X-Request-Id", "req-7")));
        using var client = TestClients.Create(mock, new TestClock());

        Exception? thrown = null;
        try
        {
            call(client).GetAwaiter().GetResult();
        }
        catch (Exception exception)
        {
            thrown = exception;
        }

        Assert.That(thrown, Is.InstanceOf<UnreadableResponseException>(), thrown?.ToString());
        var error = (UGiftMeException)thrown!;
        Assert.That(error.StatusCode, Is.EqualTo(status));
        Assert.That(error.RawBody, Is.EqualTo(body));
        Assert.That(error.Headers["X-Request-Id"], Is.EqualTo(new[] { "req-7" }));
        Assert.That(error.Message, Does.Contain(status.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public void SendAsync_UnreadableCreateResponse_KeepsTheIdempotencyKeySoTheCallerCanResend()
    {
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, TestClients.BaseUrl + "/orders").Respond(_ => Responses.Text(201, "<html/>", "text/html"));
        using var client = TestClients.Create(mock, new TestClock());

        var thrown = Assert.ThrowsAsync<UnreadableResponseException>(() => client.Orders.StartAsync(Order(), new OrderCreateOptions { IdempotencyKey = "k-resend" }));

        Assert.That(thrown!.IdempotencyKey, Is.EqualTo("k-resend"));
        Assert.That(thrown.Message, Does.Contain("could not be read"));
    }

    private static TestCaseData Call(string name, Func<UGiftMeClient, Task> call) => new TestCaseData(call) { TestName = name };

    private static async Task Drain<T>(IAsyncEnumerable<T> items)
    {
        await foreach (var _ in items)
        {
        }
    }
}
