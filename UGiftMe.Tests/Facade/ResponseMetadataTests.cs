using RichardSzalay.MockHttp;
using UGiftMe.Models;
using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Tests.Facade;

/// <summary>What a successful call reports besides its body.</summary>
public sealed class ResponseMetadataTests
{
    [Test]
    public async Task From_CreateWithRateLimitHeaders_ReportsStatusKeyRetriesAndRateLimit()
    {
        var clock = new TestClock();
        var responses = new Queue<HttpResponseMessage>([
            Responses.Json(503, "{}"),
            Responses.Fixture(201, "responses/create-order-201.json",
                ("RateLimit-Limit", "100"), ("RateLimit-Remaining", "98"), ("RateLimit-Reset", "42"), ("X-Business-Orders-Async", "false")),
        ]);
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, TestClients.BaseUrl + "/orders").Respond(_ => responses.Dequeue());
        using var client = TestClients.Create(mock, clock);

        var operation = await clock.RunAsync(client.Orders.StartAsync(
            new CreateOrderRequest { ProductCode = "AMAZON_UK_STD", Merchant = "Amazon UK", Currency = "GBP", ValuePurchased = 50 },
            new UGiftMe.OrderCreateOptions { IdempotencyKey = "k-meta" }));
        var metadata = operation.CreateResponse!;

        Assert.That(metadata.StatusCode, Is.EqualTo(201));
        Assert.That(metadata.IdempotencyKey, Is.EqualTo("k-meta"));
        Assert.That(metadata.RetryCount, Is.EqualTo(1));
        Assert.That(metadata.RateLimit!.Limit, Is.EqualTo(100));
        Assert.That(metadata.RateLimit.Remaining, Is.EqualTo(98));
        Assert.That(metadata.RateLimit.ResetsAt, Is.EqualTo(clock.GetUtcNow() + TimeSpan.FromSeconds(42)));
        Assert.That(metadata.RateLimit.ObservedAt, Is.EqualTo(clock.GetUtcNow()));
        Assert.That(metadata.OrdersAsync, Is.False);
        Assert.That(metadata.Headers["content-type"].Single(), Does.StartWith("application/json"));
    }

    [Test]
    public async Task From_XRateLimitHeadersWithEpochReset_ReportsThem()
    {
        var clock = new TestClock();
        var reset = clock.GetUtcNow().AddMinutes(1);
        var result = await VerifyAsync(clock,
            ("X-RateLimit-Limit", "60"), ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", reset.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)));

        Assert.That(result.Metadata.RateLimit, Is.EqualTo(new UGiftMe.RateLimitInfo { Limit = 60, Remaining = 0, ResetsAt = reset, ObservedAt = clock.GetUtcNow() }));
    }

    [TestCase("X-Business-Orders-Async", "true", true)]
    [TestCase("X-Account-Orders-Async", "true", true)]
    [TestCase("X-Account-Orders-Async", "False", false)]
    [TestCase("X-Business-Orders-Async", "maybe", null)]
    public async Task From_AsyncModeHeaderUnderEitherName_SetsOrdersAsync(string header, string value, bool? expected)
    {
        var result = await VerifyAsync(new TestClock(), (header, value));

        Assert.That(result.Metadata.OrdersAsync, Is.EqualTo(expected));
    }

    [Test]
    public async Task From_NoOptionalHeaders_LeavesThemNull()
    {
        var result = await VerifyAsync(new TestClock());

        Assert.That(result.Metadata.StatusCode, Is.EqualTo(200));
        Assert.That(result.Metadata.RateLimit, Is.Null);
        Assert.That(result.Metadata.OrdersAsync, Is.Null);
        Assert.That(result.Metadata.IdempotencyKey, Is.Null);
        Assert.That(result.Metadata.RetryCount, Is.Zero);
    }

    [Test]
    public async Task Headers_ReadAfterTheClientIsDisposed_HoldEveryValueOnceAndAreOneDictionary()
    {
        var result = await VerifyAsync(new TestClock(), ("X-Trace", "first"), ("X-Trace", "second"), ("X-Business-Orders-Async", "true"));

        var headers = result.Metadata.Headers;
        Assert.That(headers["x-trace"], Is.EqualTo(new[] { "first", "second" }));
        Assert.That(headers["X-BUSINESS-ORDERS-ASYNC"], Is.EqualTo(new[] { "true" }));
        Assert.That(headers["Content-Type"].Single(), Does.StartWith("application/json"));
        Assert.That(headers.Keys.Count(k => k.Equals("X-Trace", StringComparison.OrdinalIgnoreCase)), Is.EqualTo(1));
        Assert.That(result.Metadata.Headers, Is.SameAs(headers), "the dictionary is made once, on the first read");
        Assert.That(result.Metadata.OrdersAsync, Is.True);
    }

    [Test]
    public void Headers_SetByATestDouble_AreTheOnesGiven()
    {
        var given = new Dictionary<string, IReadOnlyList<string>> { ["X-Fake"] = ["1"] };

        var metadata = new ResponseMetadata { StatusCode = 200, Headers = given };

        Assert.That(metadata.Headers, Is.SameAs(given));
        Assert.That(new ResponseMetadata().Headers, Is.Empty);
    }

    private static async Task<UGiftMeResult<AuthVerification>> VerifyAsync(TestClock clock, params (string Name, string Value)[] headers)
    {
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, TestClients.BaseUrl + "/auth").Respond(_ => Responses.Fixture(200, "responses/verify-credentials-200.json", headers));
        using var client = TestClients.Create(mock, clock);
        return await client.Auth.VerifyAsync();
    }
}
