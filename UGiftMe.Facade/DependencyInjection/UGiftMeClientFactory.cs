using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace UGiftMe;

internal sealed class UGiftMeClientFactory(IServiceProvider services, IEnumerable<IValidateOptions<UGiftMeClientOptions>> validators) : IUGiftMeClientFactory
{
    private readonly string[] _names = [.. validators.OfType<UGiftMeOptionsValidator>().Select(registered => registered.Name)];

    public UGiftMeClient GetClient(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _names.Contains(name)
            ? services.GetRequiredKeyedService<UGiftMeClient>(name)
            : throw new InvalidOperationException(
                $"No UGiftMe client is registered as '{name}'. Registered: {string.Join(", ", _names.Select(n => $"'{n}'"))}. Call services.AddUGiftMe(\"{name}\", ...).");
    }
}
