using System.Diagnostics;
using RichardSzalay.MockHttp;
using UGiftMe.Models;
using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Tests.Facade.Http;

/// <summary>Every documented error body, sent through the whole pipeline, becomes the right exception with every field filled.</summary>
public sealed class ErrorMapperTests
{
    private const string CallerKey = "caller-key-0001";

    private static readonly (string Name, string Value)[] CommonHeaders =
    [
        ("X-Request-Id", "req-42"),
        ("RateLimit-Limit", "100"),
        ("RateLimit-Remaining", "7"),
        ("RateLimit-Reset", "30"),
    ];

    private static CreateOrderRequest Order() => new() { ProductCode = "AMAZON_UK_STD", Merchant = "Amazon UK", Currency = "GBP", ValuePurchased = 50 };

    private static IEnumerable<TestCaseData> DocumentedErrors()
    {
        yield return new TestCaseData("errors/400-validation.json", 400, typeof(ValidationFailedException)).SetArgDisplayNames("400");
        yield return new TestCaseData("errors/401-invalid-key.json", 401, typeof(AuthenticationFailedException)).SetArgDisplayNames("401 invalid");
        yield return new TestCaseData("errors/401-missing-key.json", 401, typeof(AuthenticationFailedException)).SetArgDisplayNames("401 missing");
        yield return new TestCaseData("errors/402-insufficient-funds.json", 402, typeof(InsufficientFundsException)).SetArgDisplayNames("402");
        yield return new TestCaseData("errors/403-ip-not-allowed.json", 403, typeof(PermissionDeniedException)).SetArgDisplayNames("403");
        yield return new TestCaseData("errors/404-not-found.json", 404, typeof(ResourceNotFoundException)).SetArgDisplayNames("404");
        yield return new TestCaseData("errors/429-too-many-requests.json", 429, typeof(RateLimitedException)).SetArgDisplayNames("429");
        yield return new TestCaseData("errors/500-server-error.json", 500, typeof(ServerErrorException)).SetArgDisplayNames("500");
        yield return new TestCaseData("errors/404-not-found.json", 409, typeof(UGiftMeException)).SetArgDisplayNames("409 unknown");
    }

    [TestCaseSource(nameof(DocumentedErrors))]
    public void FromResponse_DocumentedErrorBody_ThrowsItsTypeWithEveryFieldFilled(string fixture, int status, Type expectedType)
    {
        var clock = new TestClock();
        var mock = new MockHttpMessageHandler();
        var body = DocumentedFixture.Load(fixture).Body;
        // 429 asks for an hour so the call ends at once instead of retrying.
        var headers = status == 429 ? [.. CommonHeaders, ("Retry-After", "3600")] : CommonHeaders;
        mock.When(HttpMethod.Post, TestClients.BaseUrl + "/orders").Respond(_ => Responses.Fixture(status, fixture, headers));
        using var client = TestClients.Create(mock, clock);

        var thrown = Assert.CatchAsync<UGiftMeException>(() => client.Orders.StartAsync(Order(), new OrderCreateOptions { IdempotencyKey = CallerKey }));

        Assert.That(thrown, Is.TypeOf(expectedType));
        Assert.That(thrown!.StatusCode, Is.EqualTo(status));
        Assert.That(thrown.Error, Is.EqualTo((string?)body["error"]).And.Not.Null);
        Assert.That(thrown.ServerMessage, Is.EqualTo((string?)body["message"]));
        Assert.That(thrown.Reason, Is.EqualTo((string?)body["reason"]));
        Assert.That(thrown.RawBody, Is.EqualTo(DocumentedFixture.Load(fixture).BodyText));
        Assert.That(thrown.Headers["X-Request-Id"], Is.EqualTo(new[] { "req-42" }));
        Assert.That(thrown.Headers["content-type"].Single(), Does.StartWith("application/json"));
        Assert.That(thrown.IdempotencyKey, Is.EqualTo(CallerKey));
        Assert.That(thrown.RetryCount, Is.Zero);
        Assert.That(thrown.RateLimit, Is.Not.Null);
        Assert.That(thrown.RateLimit!.Limit, Is.EqualTo(100));
        Assert.That(thrown.RateLimit.Remaining, Is.EqualTo(7));
        Assert.That(thrown.RateLimit.ResetsAt, Is.EqualTo(clock.GetUtcNow() + TimeSpan.FromSeconds(30)));
        Assert.That(thrown.Context.Method, Is.EqualTo("POST"));
        Assert.That(thrown.Context.Path, Is.EqualTo("/api/v1/business/orders"));
        Assert.That(thrown.Message, Does.Contain(status.ToString(System.Globalization.CultureInfo.InvariantCulture)).And.Contain((string)body["error"]!));
    }

    [Test]
    public async Task FromResponse_400WithValidEvents_ListsThem()
    {
        var thrown = await ThrowsFromGetAsync<ValidationFailedException>(Responses.Fixture(400, "errors/400-validation.json"));

        Assert.That(thrown.ValidEvents, Is.EqualTo(new[] { "order.queued", "order.processing", "order.succeeded", "order.failed", "product.updated", "wallet.updated" }));
        Assert.That(thrown.ServerMessage, Is.EqualTo("events must only contain allowed event types"));
        Assert.That(thrown.Message, Does.Contain("events must only contain allowed event types"));
    }

    [TestCase("""{"error":"Too many requests, please try again later."}""", ": Too many requests, please try again later.")]
    [TestCase("""{"error":"Bad request","reason":"Key revoked."}""", ": Bad request. Reason: Key revoked.")]
    [TestCase("""{"error":"Bad request","message":"No such product"}""", ": Bad request (No such product).")]
    public async Task FromResponse_ServerTextWithOrWithoutAFullStop_EndsWithOne(string json, string expected)
    {
        var thrown = await ThrowsFromGetAsync<UGiftMeException>(Responses.Json(422, json));

        Assert.That(thrown.Message, Does.EndWith(expected));
        Assert.That(thrown.Message, Does.Not.Contain(".."));
    }

    [Test]
    public async Task FromResponse_400WhoseValidEventsHaveAnUnreadableElement_LeavesThemOutWholeAndKeepsTheRest()
    {
        var thrown = await ThrowsFromGetAsync<ValidationFailedException>(
            Responses.Json(400, """{"error":"Bad request","validEvents":["order.queued",{"not":"a name"}],"message":"events must only contain allowed event types"}"""));

        Assert.That(thrown.ValidEvents, Is.Empty, "never a list silently missing an element");
        Assert.That(thrown.Error, Is.EqualTo("Bad request"));
        Assert.That(thrown.ServerMessage, Is.EqualTo("events must only contain allowed event types"), "the members after the bad one are read too");
    }

    [TestCase("""{"error":"Idempotency-Key reused with a different payload"}""")]
    [TestCase("""{"error":"Bad request","message":"This idempotency key was already used with another body"}""")]
    public void FromResponse_400MentioningIdempotency_ThrowsIdempotencyKeyReused(string json)
    {
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, TestClients.BaseUrl + "/orders").Respond(_ => Responses.Json(400, json));
        using var client = TestClients.Create(mock, new TestClock());

        var thrown = Assert.ThrowsAsync<IdempotencyKeyReusedException>(() => client.Orders.StartAsync(Order(), new OrderCreateOptions { IdempotencyKey = CallerKey }));

        Assert.That(thrown!.IdempotencyKey, Is.EqualTo(CallerKey));
        Assert.That(thrown.Message, Does.Contain(CallerKey).And.Contain("new key"));
        Assert.That(thrown, Is.InstanceOf<ValidationFailedException>(), "one catch of ValidationFailedException still covers it");
    }

    [Test]
    public async Task FromResponse_401InvalidKey_FillsReasonAndPointsAtTheApiKeySetting()
    {
        var thrown = await ThrowsFromGetAsync<AuthenticationFailedException>(Responses.Fixture(401, "errors/401-invalid-key.json"));

        Assert.That(thrown.Reason, Is.EqualTo("Key revoked"));
        Assert.That(thrown.Message, Does.Contain("Key revoked").And.Contain("UGiftMeClientOptions.ApiKey"));
    }

    [Test]
    public void FromResponse_402_ReadsAmountsAsDecimals()
    {
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, TestClients.BaseUrl + "/orders")
            .Respond(_ => Responses.Json(402, """{"error":"Insufficient funds","required":49.99,"available":"0.1","currency":"EUR"}"""));
        using var client = TestClients.Create(mock, new TestClock());

        var thrown = Assert.ThrowsAsync<InsufficientFundsException>(() => client.Orders.StartAsync(Order()));

        Assert.That(thrown!.Required, Is.EqualTo(49.99m));
        Assert.That(thrown.Available, Is.EqualTo(0.1m));
        Assert.That(thrown.Currency, Is.EqualTo("EUR"));
        Assert.That(thrown.Shortfall, Is.EqualTo(49.89m));
        Assert.That(thrown.FailureReason, Is.EqualTo("Insufficient funds"));
        Assert.That(thrown.OrderRequestId, Is.Null);
        Assert.That(thrown.IdempotencyKey, Does.StartWith("ugm_"), "the SDK's own key is reported");
    }

    [Test]
    public void FromResponse_402Fixture_ReadsDocumentedAmounts()
    {
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, TestClients.BaseUrl + "/orders").Respond(_ => Responses.Fixture(402, "errors/402-insufficient-funds.json"));
        using var client = TestClients.Create(mock, new TestClock());

        var thrown = Assert.ThrowsAsync<InsufficientFundsException>(() => client.Orders.StartAsync(Order()));

        Assert.That((thrown!.Required, thrown.Available, thrown.Currency), Is.EqualTo((50m, 10m, "GBP")));
    }

    [Test]
    public async Task FromResponse_403_MessageMentionsIpAllowList()
    {
        var thrown = await ThrowsFromGetAsync<PermissionDeniedException>(Responses.Fixture(403, "errors/403-ip-not-allowed.json"));

        Assert.That(thrown.Message, Does.Contain("IP allow list"));
        Assert.That(thrown.Error, Is.EqualTo("IP address not allowed"));
    }

    [Test]
    public async Task FromResponse_404_ThrowsResourceNotFoundWithServerMessage()
    {
        var thrown = await ThrowsFromGetAsync<ResourceNotFoundException>(Responses.Fixture(404, "errors/404-not-found.json"));

        Assert.That(thrown.Error, Is.EqualTo("Order not found"));
        Assert.That(thrown.ServerMessage, Is.EqualTo("Access denied"));
        Assert.That(thrown.IdempotencyKey, Is.Null, "a GET carries no idempotency key");
    }

    [Test]
    public async Task FromResponse_429WithLongRetryAfter_ThrowsRateLimitedWithRetryAfterAndRateLimit()
    {
        var thrown = await ThrowsFromGetAsync<RateLimitedException>(Responses.Fixture(429, "errors/429-too-many-requests.json",
            ("Retry-After", "3600"), ("X-RateLimit-Limit", "100"), ("X-RateLimit-Remaining", "0")));

        Assert.That(thrown.RetryAfter, Is.EqualTo(TimeSpan.FromHours(1)));
        Assert.That(thrown.RateLimit!.Limit, Is.EqualTo(100));
        Assert.That(thrown.RateLimit.Remaining, Is.Zero);
        Assert.That(thrown.Message, Does.Contain("MaxRetryAfter"));
    }

    [Test]
    public void FromResponse_500OnGetAfterRetries_ThrowsServerErrorWithDetailsAndRetryCount()
    {
        var clock = new TestClock();
        var mock = new MockHttpMessageHandler();
        var get = mock.When(HttpMethod.Get, TestClients.BaseUrl + "/orders/o-1").Respond(_ => Responses.Fixture(500, "errors/500-server-error.json"));
        using var client = TestClients.Create(mock, clock);

        var thrown = Assert.ThrowsAsync<ServerErrorException>(() => clock.RunAsync(client.Orders.GetAsync("o-1")));

        Assert.That(mock.GetMatchCount(get), Is.EqualTo(4));
        Assert.That(thrown!.RetryCount, Is.EqualTo(3));
        Assert.That((string?)thrown.Details?["component"], Is.EqualTo("orders"));
        Assert.That(thrown.ServerMessage, Is.EqualTo("Unexpected failure"));
        Assert.That(thrown.Message, Does.Contain("after 3 retries"));
    }

    [Test]
    public async Task FromResponse_UnknownStatus_ThrowsBaseExceptionType()
    {
        var thrown = await ThrowsFromGetAsync<UGiftMeException>(Responses.Json(409, """{"error":"Conflict"}"""));

        Assert.That(thrown.GetType(), Is.EqualTo(typeof(UGiftMeException)));
        Assert.That(thrown.StatusCode, Is.EqualTo(409));
        Assert.That(thrown.Message, Does.Contain("409").And.Contain("Conflict"));
    }

    [TestCase(101)]
    [TestCase(103)]
    [TestCase(303)]
    [TestCase(408)]
    public void FromResponse_OrderCreateEndingWithAStatusThatLeavesItsOutcomeUnknown_SaysResendingWithTheKeyIsSafe(int status)
    {
        var clock = new TestClock();
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, TestClients.BaseUrl + "/orders").Respond(_ => Responses.Empty(status));
        using var client = TestClients.Create(mock, clock);

        var thrown = Assert.CatchAsync<UGiftMeException>(() => clock.RunAsync(client.Orders.StartAsync(Order())));

        Assert.That(thrown!.StatusCode, Is.EqualTo(status));
        Assert.That(thrown.Message, Does.Contain($"(an order may exist): resending with Idempotency-Key '{thrown.IdempotencyKey}' is safe"));
    }

    [TestCase(400)]
    [TestCase(409)]
    [TestCase(422)]
    public void FromResponse_OrderCreateRefusedWith4xx_DoesNotSayAnOrderMayExist(int status)
    {
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, TestClients.BaseUrl + "/orders").Respond(_ => Responses.Json(status, """{"error":"refused"}"""));
        using var client = TestClients.Create(mock, new TestClock());

        var thrown = Assert.CatchAsync<UGiftMeException>(() => client.Orders.StartAsync(Order()));

        Assert.That(thrown!.Message, Does.Not.Contain("an order may exist"));
    }

    [Test]
    public async Task FromResponse_EmptyBody_MessageStillNamesStatusAndPath()
    {
        var thrown = await ThrowsFromGetAsync<ResourceNotFoundException>(Responses.Empty(404));

        Assert.That(thrown.Error, Is.Null);
        Assert.That(thrown.RawBody, Is.Empty);
        Assert.That(thrown.Message, Does.Contain("404").And.Contain("/api/v1/business/orders/o-1").And.Contain("no error text"));
    }

    [Test]
    public async Task FromResponse_HtmlBody_MessageQuotesTheBody()
    {
        const string html = "<html><body><h1>403 Forbidden</h1>nginx</body></html>";

        var thrown = await ThrowsFromGetAsync<PermissionDeniedException>(Responses.Text(403, html, "text/html"));

        Assert.That(thrown.Error, Is.Null);
        Assert.That(thrown.RawBody, Is.EqualTo(html));
        Assert.That(thrown.Message, Does.Contain("non-JSON body").And.Contain("403 Forbidden</h1>nginx"));
    }

    [Test]
    public async Task FromResponse_LongHtmlBody_MessageQuotesOnlyTheStartButRawBodyKeepsAll()
    {
        var html = "<html>" + new string('x', 5000) + "</html>";

        var thrown = await ThrowsFromGetAsync<ResourceNotFoundException>(Responses.Text(404, html, "text/html"));

        Assert.That(thrown.RawBody, Is.EqualTo(html));
        Assert.That(thrown.Message.Length, Is.LessThan(600));
    }

    private static async Task<T> ThrowsFromGetAsync<T>(HttpResponseMessage response)
        where T : UGiftMeException
    {
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, TestClients.BaseUrl + "/orders/o-1").Respond(_ => response);
        using var client = TestClients.Create(mock, new TestClock());
        try
        {
            await client.Orders.GetAsync("o-1");
        }
        catch (UGiftMeException thrown)
        {
            Assert.That(thrown, Is.TypeOf<T>());
            return (T)thrown;
        }

        Assert.Fail($"Expected {typeof(T).Name}.");
        throw new UnreachableException();
    }
}
