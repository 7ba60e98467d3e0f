using UGiftMe.Tests.Facade.Http;
using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Tests.Facade;

/// <summary>
/// The URL the local sandbox prints (<c>http://127.0.0.1:PORT/api/v1/business</c>) works as
/// <see cref="UGiftMeClientOptions.BaseAddress"/> exactly as printed, and so does the bare origin (issue #11, point 9),
/// over real HTTP.
/// </summary>
public sealed class LocalSandboxBaseAddressTests
{
    [TestCase("/api/v1/business", TestName = "As the local sandbox prints it")]
    [TestCase("/api/v1/business/", TestName = "With a trailing slash")]
    [TestCase("", TestName = "The bare origin")]
    [TestCase("/", TestName = "The origin with a slash")]
    public async Task BaseAddress_WithOrWithoutTheApiPrefix_ReachesTheSamePath(string suffix)
    {
        await using var server = new LoopbackServer(_ => LoopbackServer.Raw("200 OK", "Content-Type: application/json\r\n", """[{"currency":"GBP","balance":12.5}]"""));
        var origin = server.BaseAddress.GetLeftPart(UriPartial.Authority);
        using var client = new UGiftMeClient(new UGiftMeClientOptions { ApiKey = TestClients.ApiKey, BaseAddress = new Uri(origin + suffix), Retry = { MaxRetries = 0 } });

        var wallets = (await client.Wallet.ListAsync()).Value;

        Assert.That(server.Requests.Single().Split("\r\n")[0], Is.EqualTo("GET /api/v1/business/wallet HTTP/1.1"));
        Assert.That(wallets.Single().Balance, Is.EqualTo(12.5m));
    }
}
