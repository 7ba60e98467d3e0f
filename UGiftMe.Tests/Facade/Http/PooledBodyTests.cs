using RichardSzalay.MockHttp;
using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Tests.Facade.Http;

/// <summary>
/// A body is read into an array from the shared pool and given back when the call is over, so what outlives the call
/// (an exception's raw body, the model) must be copied out first: the next call reuses the array.
/// </summary>
public sealed class PooledBodyTests
{
    private const string WalletUrl = TestClients.BaseUrl + "/wallet";

    [Test]
    public async Task UnreadableBody_ThenTheNextCall_TheExceptionKeepsItsOwnBodyAndTheNextModelIsItsOwn()
    {
        const string Unreadable = """{"wallets":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}""";
        const string Readable = """[{"currency":"EUR","balance":75.25,"_id":"w-2"}]""";
        var responses = new Queue<HttpResponseMessage>([Responses.Json(200, Unreadable), Responses.Json(200, Readable)]);
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, WalletUrl).Respond(_ => responses.Dequeue());
        using var client = TestClients.Create(mock, new TestClock());

        var thrown = Assert.ThrowsAsync<UnreadableResponseException>(() => client.Wallet.ListAsync());
        var next = await client.Wallet.ListAsync();

        Assert.That(thrown!.RawBody, Is.EqualTo(Unreadable), "copied out before the array went back to the pool");
        Assert.That(thrown.Context.BodyLength, Is.EqualTo(Unreadable.Length));
        Assert.That(next.Value.Single().Currency, Is.EqualTo("EUR"));
        Assert.That(next.Value.Single().Balance, Is.EqualTo(75.25m));
    }

    [Test]
    public void ErrorBodies_OfManyCallsInARow_EachStayWithTheirOwnException()
    {
        var bodies = Enumerable.Range(0, 20).Select(i => $$"""{"error":"Bad request number {{i}}","message":"{{new string((char)('a' + i), 40)}}"}""").ToList();
        var responses = new Queue<HttpResponseMessage>(bodies.Select(b => Responses.Json(400, b)));
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, WalletUrl).Respond(_ => responses.Dequeue());
        using var client = TestClients.Create(mock, new TestClock());

        var thrown = new List<UGiftMeException>();
        foreach (var _ in bodies)
        {
            thrown.Add(Assert.ThrowsAsync<ValidationFailedException>(() => client.Wallet.ListAsync())!);
        }

        Assert.That(thrown.Select(e => e.RawBody), Is.EqualTo(bodies));
        Assert.That(thrown.Select(e => e.Context.Error), Is.EqualTo(bodies.Select((_, i) => $"Bad request number {i}")));
    }
}
