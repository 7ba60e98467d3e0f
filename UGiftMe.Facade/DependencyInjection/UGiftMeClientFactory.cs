using Microsoft.Extensions.DependencyInjection;

namespace UGiftMe;

internal sealed class UGiftMeClientFactory(IServiceProvider services, UGiftMeRegistrations registrations) : IUGiftMeClientFactory
{
    public UGiftMeClient GetClient(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return registrations.Contains(name)
            ? services.GetRequiredKeyedService<UGiftMeClient>(name)
            : throw new InvalidOperationException(
                $"No UGiftMe client is registered as '{name}'. Registered: {string.Join(", ", registrations.Names.Select(n => $"'{n}'"))}. Call services.AddUGiftMe(\"{name}\", ...).");
    }
}
