using Microsoft.Extensions.DependencyInjection;

namespace UGiftMe.Tests.Facade.DependencyInjection;

public sealed class UGiftMeClientFactoryTests
{
    [Test]
    public void GetClient_UnknownName_ExplainsWhatIsRegistered()
    {
        var services = new ServiceCollection();
        services.AddUGiftMe("tenant-a", o => o.ApiKey = "key-a");
        services.AddUGiftMe("tenant-b", o => o.ApiKey = "key-b");
        using var provider = services.BuildServiceProvider();

        var factory = provider.GetRequiredService<IUGiftMeClientFactory>();

        Assert.That(() => factory.GetClient("tenant-c"), Throws.InvalidOperationException
            .With.Message.Contain("'tenant-c'")
            .And.Message.Contain("'tenant-a', 'tenant-b'")
            .And.Message.Contain("AddUGiftMe(\"tenant-c\""));
    }

    [Test]
    public void GetClient_EmptyName_ReturnsTheDefaultClient()
    {
        var services = new ServiceCollection();
        services.AddUGiftMe(o => o.ApiKey = "key-default");
        using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<IUGiftMeClientFactory>().GetClient("");

        Assert.That(client, Is.SameAs(provider.GetRequiredService<UGiftMeClient>()));
    }
}
