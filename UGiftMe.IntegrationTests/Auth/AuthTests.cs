
namespace UGiftMe.IntegrationTests.Auth;

public class AuthTests : IntegrationTest
{
    [Test]
    public async Task VerifyAsync_SandboxKey_ReturnsTheAccount()
    {
        var harness = await StartAsync();

        var result = await harness.Client.Auth.VerifyAsync();

        Assert.That(result.Metadata.StatusCode, Is.EqualTo(200));
        Assert.That(result.Value.Name, Is.EqualTo("Example Retail Ltd"));
        Assert.That(result.Value.Id, Is.EqualTo("507f1f77bcf86cd799439011"));
    }

    [Test]
    public async Task VerifyAsync_UnknownKey_ThrowsAuthenticationFailedWithoutRetryingOrShowingTheKey()
    {
        var harness = await StartAsync();
        const string wrongKey = "00000000-dead-beef-0000-000000000000";
        var client = harness.CreateClient(wrongKey);

        var error = await CatchAsync<AuthenticationFailedException>(client.Auth.VerifyAsync());

        Assert.That(error.StatusCode, Is.EqualTo(401));
        Assert.That(error.Error, Is.EqualTo("Invalid API key"));
        Assert.That(error.Reason, Is.EqualTo("Key not recognised"));
        Assert.That(error.RetryCount, Is.Zero);
        Assert.That(harness.Validator.CheckedCount, Is.EqualTo(1));
        Assert.That(error.ToString(), Does.Not.Contain(wrongKey));
    }

    [Test]
    public async Task Orders_RevokedKey_ThrowsAuthenticationFailedAndCreatesNothing()
    {
        var harness = await StartAsync(sandbox => sandbox.ApiKeys.Add(new SandboxApiKey { Key = "revoked-key", Revoked = true }));
        var client = harness.CreateClient("revoked-key");

        var error = await CatchAsync<AuthenticationFailedException>(client.Orders.CreateAndWaitAsync(Orders.OrderRequests.Amazon(20)));

        Assert.That(error.Reason, Is.EqualTo("Key revoked"));
        Assert.That(harness.Sandbox.State.Orders, Is.Empty);
    }
}
