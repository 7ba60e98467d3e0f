using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using UGiftMe.AspNetCore;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Subscribes the app's webhook endpoint at start-up and hands the secret to the receiver.</summary>
public static class UGiftMeWebhookSubscriptionServiceCollectionExtensions
{
    /// <summary>
    /// Before the server starts listening, makes sure UGiftMe delivers the configured events to the configured URL and
    /// gives the subscription's secret to the receiver of <c>AddUGiftMeWebhooks</c> (through
    /// <see cref="UGiftMeWebhookSecrets"/>), so no secret has to be copied into configuration. A subscription whose
    /// secret the <see cref="IUGiftMeWebhookSecretStore"/> kept is reused; one whose secret is lost is deleted and
    /// replaced. Needs <c>AddUGiftMe</c> (the client it subscribes with). If UGiftMe cannot be reached, start-up fails.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section holding <see cref="UGiftMeWebhookSubscriptionOptions"/> (<c>Url</c>, <c>Events</c>, ...).</param>
    /// <returns>The service collection.</returns>
    [RequiresUnreferencedCode(ReceiverTrimmingMessages.UnreferencedCode)]
    [RequiresDynamicCode(ReceiverTrimmingMessages.DynamicCode)]
    public static IServiceCollection AddUGiftMeWebhookSubscription(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        AddCore(services).Bind(configuration);
        return services;
    }

    /// <summary>
    /// Before the server starts listening, makes sure UGiftMe delivers the configured events to the configured URL and
    /// gives the subscription's secret to the receiver (see the other overload).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets <see cref="UGiftMeWebhookSubscriptionOptions"/>, at least the URL.</param>
    /// <returns>The service collection.</returns>
    [RequiresUnreferencedCode(ReceiverTrimmingMessages.UnreferencedCode)]
    [RequiresDynamicCode(ReceiverTrimmingMessages.DynamicCode)]
    public static IServiceCollection AddUGiftMeWebhookSubscription(this IServiceCollection services, Action<UGiftMeWebhookSubscriptionOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        AddCore(services).Configure(configure);
        return services;
    }

    private static OptionsBuilder<UGiftMeWebhookSubscriptionOptions> AddCore(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IUGiftMeWebhookSecretStore, InMemoryUGiftMeWebhookSecretStore>();
        services.TryAddSingleton<UGiftMeWebhookSecrets>();
        services.AddHostedService<UGiftMeWebhookSubscriber>();
        // The secret arrives at start-up, through UGiftMeWebhookSecrets: none is needed in the receiver's settings.
        services.PostConfigure<UGiftMeWebhookOptions>(receiver => receiver.RequireSecretAtStartup = false);
        return services.AddOptions<UGiftMeWebhookSubscriptionOptions>()
            .Validate(o => o.Url is { IsAbsoluteUri: true }, "UGiftMeWebhookSubscriptionOptions.Url is required: the absolute URL of your MapUGiftMeWebhooks endpoint.")
            .Validate(o => o.Events.Count > 0, "UGiftMeWebhookSubscriptionOptions.Events needs at least one event.")
            .ValidateOnStart();
    }
}
