using System.Diagnostics.CodeAnalysis;
using UGiftMe;
using UGiftMe.AspNetCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the UGiftMe webhook receiver used by <c>MapUGiftMeWebhooks</c>.</summary>
public static class UGiftMeWebhookServiceCollectionExtensions
{
    /// <summary>
    /// Registers the webhook receiver with settings bound from a configuration section, for example
    /// <c>builder.Configuration.GetSection("UGiftMe:Webhooks")</c> holding <c>Secrets</c>. Settings are validated at start-up.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section holding <see cref="UGiftMeWebhookOptions"/>.</param>
    /// <returns>The service collection.</returns>
    [RequiresUnreferencedCode(ReceiverTrimmingMessages.UnreferencedCode)]
    [RequiresDynamicCode(ReceiverTrimmingMessages.DynamicCode)]
    public static IServiceCollection AddUGiftMeWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        AddUGiftMeWebhooksCore(services).Bind(configuration);
        return services;
    }

    /// <summary>Registers the webhook receiver with settings set in code. Settings are validated at start-up.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets <see cref="UGiftMeWebhookOptions"/>, at least one secret.</param>
    /// <returns>The service collection.</returns>
    [RequiresUnreferencedCode(ReceiverTrimmingMessages.UnreferencedCode)]
    [RequiresDynamicCode(ReceiverTrimmingMessages.DynamicCode)]
    public static IServiceCollection AddUGiftMeWebhooks(this IServiceCollection services, Action<UGiftMeWebhookOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        AddUGiftMeWebhooksCore(services).Configure(configure);
        return services;
    }

    private static OptionsBuilder<UGiftMeWebhookOptions> AddUGiftMeWebhooksCore(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<UGiftMeWebhookOptions>, UGiftMeWebhookOptionsValidator>());
        services.TryAddSingleton<IWebhookDeduplicationStore>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<UGiftMeWebhookOptions>>().Value;
            return new InMemoryWebhookDeduplicationStore(options.DeduplicationRetention, provider.GetRequiredService<TimeProvider>(), options.ClaimTimeout);
        });
        services.TryAddSingleton<UGiftMeWebhookSecrets>();
        services.TryAddSingleton<UGiftMeWebhookEndpoint>();
        services.AddUGiftMeOrderCompletion(); // verified order events end the client's waits
        return services.AddOptions<UGiftMeWebhookOptions>().ValidateOnStart();
    }
}
