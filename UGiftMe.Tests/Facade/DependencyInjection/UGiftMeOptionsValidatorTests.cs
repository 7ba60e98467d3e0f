using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace UGiftMe.Tests.Facade.DependencyInjection;

/// <summary>Invalid settings stop the application at start-up with a message that names the setting, never the key.</summary>
public sealed class UGiftMeOptionsValidatorTests
{
    private const string SecretPart = "SECRET-7f3a9c";

    [Test]
    public void Validate_InvalidBoundSettings_FailsAtStartupNamingEachSettingButNotTheKey()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["UGiftMe:ApiKey"] = $"pasted {SecretPart}\n",
            ["UGiftMe:TotalTimeout"] = "00:00:00",
            ["UGiftMe:Retry:MaxRetries"] = "99",
            ["UGiftMe:OrderPolling:Jitter"] = "7",
        }).Build();
        var services = new ServiceCollection();
        services.AddUGiftMe(configuration.GetSection("UGiftMe"));
        using var provider = services.BuildServiceProvider();

        var thrown = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.That(thrown!.Message, Does.Contain("ApiKey").And.Contain("TotalTimeout").And.Contain("Retry.MaxRetries").And.Contain("OrderPolling.Jitter"));
        Assert.That(thrown.Message, Does.Contain("the default UGiftMe client"));
        Assert.That(thrown.ToString(), Does.Not.Contain(SecretPart));
    }

    [Test]
    public void Validate_NamedClientWithoutKey_FailsNamingTheClient()
    {
        var services = new ServiceCollection();
        services.AddUGiftMe("tenant-a", o => o.ApiKey = "key-a");
        services.AddUGiftMe("tenant-b", _ => { });
        using var provider = services.BuildServiceProvider();

        var thrown = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.That(thrown!.Message, Does.Contain("UGiftMe client 'tenant-b'").And.Contain("ApiKey is required"));
        Assert.That(thrown.Message, Does.Not.Contain("tenant-a"));
    }

    [Test]
    public void Validate_ValidSettings_PassesAndTheClientResolves()
    {
        var services = new ServiceCollection();
        services.AddUGiftMe(o => o.ApiKey = "6b4e22b2-c0a5-4c7a-888a-b38eac20b454");
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.That(provider.GetRequiredService<UGiftMeClient>().BaseAddress, Is.EqualTo(UGiftMeClientOptions.SandboxBaseAddress));
    }
}
