using Microsoft.Extensions.DependencyInjection;
using UGiftMe;
using UGiftMe.Testing;

namespace Shop.Tests;

// UseSandbox on the builder AddUGiftMe returns points that one client at the sandbox: the default client and a named one.
public sealed class DependencyInjectionTests
{
    [Fact]
    public async Task UseSandbox_OnTheDefaultAndOnANamedClient_SendsBothToTheSandbox()
    {
        await using var sandbox = await UGiftMeSandbox.StartAsync();
        var services = new ServiceCollection();
        services.AddUGiftMe(options => options.ApiKey = "not-the-sandbox-key").UseSandbox(sandbox);
        services.AddUGiftMe("brand-b", options => options.ApiKey = "not-the-sandbox-key").UseSandbox(sandbox);
        await using var provider = services.BuildServiceProvider();

        var byDefault = await provider.GetRequiredService<UGiftMeClient>().Auth.VerifyAsync();
        var named = await provider.GetRequiredService<IUGiftMeClientFactory>().GetClient("brand-b").Auth.VerifyAsync();

        Assert.Equal(200, byDefault.Metadata.StatusCode);
        Assert.Equal(200, named.Metadata.StatusCode);
        Assert.Equal(2, sandbox.Server.State.Requests.Count(request => request.Path.EndsWith("/auth", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task UseSandbox_OnAnotherHttpClient_IsRefused()
    {
        await using var sandbox = await UGiftMeSandbox.StartAsync();
        var services = new ServiceCollection();

        var refused = Assert.Throws<ArgumentException>(() => services.AddHttpClient("mine").UseSandbox(sandbox));

        Assert.Contains("'mine' is another HTTP client", refused.Message, StringComparison.Ordinal);
    }
}
