using RichardSzalay.MockHttp;
using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Tests.Facade;

public sealed class UGiftMeClientTests
{
    private const string AuthUrl = TestClients.BaseUrl + "/auth";

    [Test]
    public async Task LastRateLimit_AfterResponses_ReflectsTheLastOneThatReportedIt()
    {
        var clock = new TestClock();
        var responses = new Queue<HttpResponseMessage>([
            Verified(("RateLimit-Limit", "100"), ("RateLimit-Remaining", "10")),
            Verified(("X-RateLimit-Limit", "100"), ("X-RateLimit-Remaining", "9")),
            Verified(),
        ]);
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, AuthUrl).Respond(_ => responses.Dequeue());
        using var client = TestClients.Create(mock, clock);
        Assert.That(client.LastRateLimit, Is.Null);

        await client.Auth.VerifyAsync();
        Assert.That(client.LastRateLimit!.Remaining, Is.EqualTo(10));
        await client.Auth.VerifyAsync();
        Assert.That(client.LastRateLimit!.Remaining, Is.EqualTo(9));
        var third = await client.Auth.VerifyAsync();

        Assert.That(third.Metadata.RateLimit, Is.Null);
        Assert.That(client.LastRateLimit!.Remaining, Is.EqualTo(9), "a response without rate-limit headers does not erase what is known");
    }

    [Test]
    public void LastRateLimit_After429_IsTheRefusingResponsesState()
    {
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, AuthUrl).Respond(_ => Responses.Fixture(429, "errors/429-too-many-requests.json",
            ("Retry-After", "3600"), ("RateLimit-Limit", "100"), ("RateLimit-Remaining", "0")));
        using var client = TestClients.Create(mock, new TestClock());

        var thrown = Assert.ThrowsAsync<RateLimitedException>(() => client.Auth.VerifyAsync());

        Assert.That(client.LastRateLimit!.Remaining, Is.Zero);
        Assert.That(thrown!.RateLimit, Is.EqualTo(client.LastRateLimit));
    }

    [Test]
    public async Task Constructor_CallersHttpClient_IsUsedAsTransportAndARetriedRequestIsResent()
    {
        var clock = new TestClock();
        var responses = new Queue<HttpResponseMessage>([Responses.Json(503, "{}"), Verified()]);
        var mock = new MockHttpMessageHandler();
        var auth = mock.When(HttpMethod.Get, AuthUrl)
            .WithHeaders("X-Caller", "proxy-tag")
            .WithHeaders("X-API-Key", TestClients.ApiKey)
            .Respond(_ => responses.Dequeue());
        using var callersClient = new HttpClient(mock);
        callersClient.DefaultRequestHeaders.Add("X-Caller", "proxy-tag");
        using var client = new UGiftMeClient(TestClients.Options(clock), callersClient);

        var result = await clock.RunAsync(client.Auth.VerifyAsync());

        Assert.That(mock.GetMatchCount(auth), Is.EqualTo(2));
        Assert.That(result.Metadata.RetryCount, Is.EqualTo(1));
        Assert.That(result.Value.Name, Is.EqualTo("Example Retail Ltd"));
    }

    [Test]
    public async Task Constructor_CallersHttpClient_RetriedPostResendsTheSameBodyAndKey()
    {
        var clock = new TestClock();
        var bodies = new List<string>();
        var keys = new List<string>();
        var responses = new Queue<HttpResponseMessage>([Responses.Json(502, "{}"), Responses.Fixture(201, "responses/create-order-201.json")]);
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, TestClients.BaseUrl + "/orders").Respond(request =>
        {
            bodies.Add(request.Content!.ReadAsStringAsync().GetAwaiter().GetResult());
            keys.Add(request.Headers.GetValues("Idempotency-Key").Single());
            return responses.Dequeue();
        });
        using var callersClient = new HttpClient(mock);
        using var client = new UGiftMeClient(TestClients.Options(clock), callersClient);

        var operation = await clock.RunAsync(client.Orders.StartAsync(
            new UGiftMe.Models.CreateOrderRequest { ProductCode = "AMAZON_UK_STD", Merchant = "Amazon UK", Currency = "GBP", ValuePurchased = 50 }));

        Assert.That(operation.Value.Id, Is.EqualTo("65b0d1e2f3a4b56789012345"));
        Assert.That(bodies, Has.Count.EqualTo(2));
        Assert.That(bodies[1], Is.EqualTo(bodies[0]).And.Contain("AMAZON_UK_STD"));
        Assert.That(keys.Distinct(), Has.Exactly(1).Items);
    }

    [Test]
    public void Constructor_InvalidOptions_ThrowsNamingTheSetting()
    {
        var options = new UGiftMeClientOptions { ApiKey = "" };

        Assert.That(() => new UGiftMeClient(options), Throws.ArgumentException.With.Message.Contain("UGiftMeClientOptions.ApiKey"));
    }

    [Test]
    public void Constructor_OptionsChangedAfterwards_DoNotAffectTheClient()
    {
        var clock = new TestClock();
        var options = TestClients.Options(clock);
        var mock = new MockHttpMessageHandler();
        using var client = new UGiftMeClient(options, mock);

        options.BaseAddress = new Uri("https://elsewhere.example/");

        Assert.That(client.BaseAddress, Is.EqualTo(UGiftMeClientOptions.SandboxBaseAddress));
    }

    [Test]
    public void ToString_NeverShowsTheKey()
    {
        using var client = TestClients.Create(new MockHttpMessageHandler(), new TestClock());

        Assert.That(client.ToString(), Does.Not.Contain(TestClients.ApiKey).And.Contain("api-stage.ugift.me"));
    }

    private static HttpResponseMessage Verified(params (string Name, string Value)[] headers) =>
        Responses.Fixture(200, "responses/verify-credentials-200.json", headers);
}
