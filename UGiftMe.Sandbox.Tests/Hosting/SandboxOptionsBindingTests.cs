using System.Net;
using Microsoft.Extensions.Configuration;
using UGiftMe.Sandbox.Tests.TestSupport;

namespace UGiftMe.Sandbox.Tests.Hosting;

public class SandboxOptionsBindingTests
{
    [Test]
    public async Task Options_BoundFromConfiguration_DriveTheSandbox()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Sandbox:OrdersAsync"] = "true",
                ["Sandbox:ApiKeys:0:Key"] = "from-config",
                ["Sandbox:Wallet:InitialBalance"] = "75.5",
                ["Sandbox:Webhooks:RetryDelays:0"] = "00:00:05",
                ["Sandbox:Faults:Script:0"] = "TooManyRequests",
                ["Sandbox:Products:0:ProductCode"] = "GIFT-10",
                ["Sandbox:Products:0:Merchant"] = "Gift Shop",
                ["Sandbox:Products:0:Denominations:0"] = "10",
            })
            .Build();
        var options = new SandboxOptions();
        configuration.GetSection(SandboxOptions.SectionName).Bind(options);
        await using var sandbox = await SandboxServer.StartAsync(options);
        using var client = sandbox.CreateClient();

        using var limited = await Api.GetAsync(client, "auth");
        using var queued = await Api.PostAsync(client, "orders", Api.Order("GIFT-10", "Gift Shop", 10m));

        Assert.That(sandbox.ApiKey, Is.EqualTo("from-config"));
        Assert.That(limited.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(queued.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(sandbox.State.Wallet.Balance, Is.EqualTo(75.5m));
        Assert.That(options.Webhooks.RetryDelays, Is.EqualTo(new[] { TimeSpan.FromSeconds(5) }));
    }

    [Test]
    public async Task StartAsync_TwoSandboxes_GetDifferentLoopbackPorts()
    {
        await using var first = await SandboxServer.StartAsync();
        await using var second = await SandboxServer.StartAsync();

        Assert.That(first.BaseAddress.Host, Is.EqualTo("127.0.0.1"));
        Assert.That(first.BaseAddress.Port, Is.Not.EqualTo(second.BaseAddress.Port));
        Assert.That(first.ApiBaseAddress.AbsolutePath, Is.EqualTo("/api/v1/business/"));
    }
}
