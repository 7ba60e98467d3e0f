using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Tests.Facade.Http;

/// <summary>A server that echoes the API key as a response header's name: the header is dropped before anything reads it.</summary>
public sealed class SecretInHeaderNameTests
{
    [Test]
    public async Task HeaderWhoseNameEchoesTheKey_NeverShowsTheKey()
    {
        await using var api = new LoopbackServer(_ => LoopbackServer.Raw(
            "401 Unauthorized", $"Content-Type: application/json\r\nX-Echo-{TestClients.ApiKey}: seen\r\n", """{"error":"Invalid API key"}"""));
        using var client = new UGiftMeClient(TestClients.Options(new TestClock(), o => o.BaseAddress = api.BaseAddress));

        var thrown = Assert.ThrowsAsync<AuthenticationFailedException>(() => client.Auth.VerifyAsync());

        Assert.That(thrown!.ToString(), Does.Not.Contain(TestClients.ApiKey));
        Assert.That(string.Join(",", thrown.Headers.Keys), Does.Not.Contain(TestClients.ApiKey));
    }

    [Test]
    public async Task SuccessWithAHeaderWhoseNameEchoesTheKey_KeepsTheKeyOutOfTheMetadata()
    {
        await using var api = new LoopbackServer(_ => LoopbackServer.Raw(
            "200 OK", $"Content-Type: application/json\r\nX-Echo-{TestClients.ApiKey}: seen\r\n", """{"id":"a-1","name":"Shop","verificationStatus":"verified"}"""));
        using var client = new UGiftMeClient(TestClients.Options(new TestClock(), o => o.BaseAddress = api.BaseAddress));

        var result = await client.Auth.VerifyAsync();

        Assert.That(string.Join(",", result.Metadata.Headers.Keys), Does.Not.Contain(TestClients.ApiKey));
    }
}
