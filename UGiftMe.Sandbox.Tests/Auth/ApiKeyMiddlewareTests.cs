using System.Net;
using UGiftMe.Sandbox.Tests.TestSupport;

namespace UGiftMe.Sandbox.Tests.Auth;

public class ApiKeyMiddlewareTests
{
    [Test]
    public async Task Request_WithoutApiKey_Is401MissingApiKey()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var client = sandbox.CreateClient(withApiKey: false);

        using var response = await Api.GetAsync(client, "auth");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await Api.JsonAsync(response)).ToJsonString(), Is.EqualTo("""{"error":"Missing API key"}"""));
    }

    [Test]
    public async Task Request_WithUnknownKey_Is401InvalidApiKeyWithReason()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var client = sandbox.CreateClient(withApiKey: false);
        client.DefaultRequestHeaders.Add("X-API-Key", "not-a-key");

        using var response = await Api.GetAsync(client, "wallet");
        var body = await Api.JsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((string?)body["error"], Is.EqualTo("Invalid API key"));
        Assert.That((string?)body["reason"], Is.Not.Empty);
    }

    [Test]
    public async Task Request_WithRevokedKey_Is401KeyRevoked()
    {
        var options = new SandboxOptions();
        options.ApiKeys.Add(new SandboxApiKey { Key = "revoked", Revoked = true });
        await using var sandbox = await SandboxServer.StartAsync(options);
        using var client = sandbox.CreateClient();

        using var response = await Api.GetAsync(client, "auth");

        Assert.That((string?)(await Api.JsonAsync(response))["reason"], Is.EqualTo("Key revoked"));
    }

    [Test]
    public async Task Verify_WithValidKey_ReturnsAccount()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var client = sandbox.CreateClient();

        using var response = await Api.GetAsync(client, "auth");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((string?)(await Api.JsonAsync(response))["name"], Is.EqualTo("Example Retail Ltd"));
    }

    [Test]
    public async Task Verify_WithIncompleteProfile_Is403()
    {
        var options = new SandboxOptions();
        options.Account.ProfileComplete = false;
        await using var sandbox = await SandboxServer.StartAsync(options);
        using var client = sandbox.CreateClient();

        using var response = await Api.GetAsync(client, "auth");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [TestCase("203.0.113.7", HttpStatusCode.OK)]
    [TestCase("203.0.113.200", HttpStatusCode.OK)]
    [TestCase("198.51.100.1", HttpStatusCode.Forbidden)]
    public async Task Request_FromAddress_IsCheckedAgainstAllowList(string address, HttpStatusCode expected)
    {
        var options = new SandboxOptions { TrustForwardedFor = true };
        var key = new SandboxApiKey { Key = "restricted" };
        key.AllowedIps.Add("203.0.113.0/24");
        options.ApiKeys.Add(key);
        await using var sandbox = await SandboxServer.StartAsync(options);
        using var client = sandbox.CreateClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);

        using var response = await Api.GetAsync(client, "auth");

        Assert.That(response.StatusCode, Is.EqualTo(expected));
    }

    [Test]
    public async Task Request_FromLoopbackWithAllowListElsewhere_Is403IpNotAllowed()
    {
        var options = new SandboxOptions();
        var key = new SandboxApiKey { Key = "restricted" };
        key.AllowedIps.Add("10.1.2.3");
        options.ApiKeys.Add(key);
        await using var sandbox = await SandboxServer.StartAsync(options);
        using var client = sandbox.CreateClient();

        using var response = await Api.GetAsync(client, "auth");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((string?)(await Api.JsonAsync(response))["error"], Is.EqualTo("IP address not allowed"));
    }
}
