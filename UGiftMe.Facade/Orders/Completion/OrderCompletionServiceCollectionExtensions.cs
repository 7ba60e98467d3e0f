using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using UGiftMe;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the <see cref="OrderCompletionNotifier"/> that lets verified order webhooks end waits at once.</summary>
public static class OrderCompletionServiceCollectionExtensions
{
    /// <summary>
    /// Registers one <see cref="OrderCompletionNotifier"/> (a singleton, over the registered
    /// <see cref="OrderCompletionChannel"/> if any) and gives it to every <c>UGiftMeClient</c> registered with
    /// <c>AddUGiftMe</c>. <c>AddUGiftMeWebhooks</c> and <c>AddRedisBackplane</c> call this; call it yourself when you
    /// verify webhooks with your own <c>WebhookVerifier</c> and pass each event to
    /// <see cref="OrderCompletionNotifier.PublishAsync"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddUGiftMeOrderCompletion(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(provider => new OrderCompletionNotifier(
            provider.GetService<OrderCompletionChannel>(),
            provider.GetService<TimeProvider>(),
            provider.GetService<ILoggerFactory>()));
        return services;
    }
}
