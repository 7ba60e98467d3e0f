using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using UGiftMe;
using UGiftMe.AspNetCore;
using UGiftMe.Testing;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Points an app's UGiftMe clients (and its webhook receiver) at a <see cref="UGiftMeSandbox"/>.</summary>
public static class UGiftMeSandboxServiceCollectionExtensions
{
    // AddUGiftMe names its HttpClient "UGiftMe" for the default client and "UGiftMe:{name}" for a named one.
    private const string DefaultClientBuilderName = "UGiftMe";
    private const string NamedClientBuilderPrefix = "UGiftMe:";

    /// <summary>
    /// Points the client that <c>AddUGiftMe</c> registered (the one this builder belongs to) at the sandbox: its address,
    /// key and clock replace the configured ones, after every other setting.
    /// <code>services.AddUGiftMe(configuration.GetSection("UGiftMe")).UseSandbox(sandbox);</code>
    /// </summary>
    /// <param name="builder">The builder <c>AddUGiftMe</c> returned.</param>
    /// <param name="sandbox">The running sandbox.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentException">The builder was not returned by <c>AddUGiftMe</c>.</exception>
    [RequiresUnreferencedCode(TestingTrimmingMessages.UnreferencedCode)]
    [RequiresDynamicCode(TestingTrimmingMessages.DynamicCode)]
    public static IHttpClientBuilder UseSandbox(this IHttpClientBuilder builder, UGiftMeSandbox sandbox)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(sandbox);
        var clientName = builder.Name == DefaultClientBuilderName ? ""
            : builder.Name.StartsWith(NamedClientBuilderPrefix, StringComparison.Ordinal) ? builder.Name[NamedClientBuilderPrefix.Length..]
            : throw new ArgumentException($"UseSandbox goes on the builder that AddUGiftMe returns; '{builder.Name}' is another HTTP client.", nameof(builder));
        builder.Services.PostConfigure<UGiftMeClientOptions>(clientName, options => sandbox.ConfigureClient(options));
        return builder;
    }

    /// <summary>
    /// Wires an app under test (for example in <c>WebApplicationFactory.ConfigureTestServices</c>) to the sandbox, with
    /// no bootstrap code of its own: every UGiftMe client it registered with <c>AddUGiftMe</c> talks to the sandbox
    /// (address, key, clock), its <see cref="TimeProvider"/> becomes the sandbox's <see cref="UGiftMeSandbox.Clock"/>,
    /// and — when it receives webhooks with <c>AddUGiftMeWebhooks</c> — the sandbox subscribes
    /// <see cref="UGiftMeSandboxAppOptions.WebhookUrl"/>, gives the receiver the subscription's secret, and delivers
    /// the signed events straight into the app (its <c>TestServer</c>, or its real address).
    /// </summary>
    /// <param name="services">The app's services.</param>
    /// <param name="sandbox">The running sandbox.</param>
    /// <param name="configure">Changes to the defaults (webhook URL, events, whether to subscribe).</param>
    /// <returns>The same services.</returns>
    [RequiresUnreferencedCode(TestingTrimmingMessages.UnreferencedCode)]
    [RequiresDynamicCode(TestingTrimmingMessages.DynamicCode)]
    public static IServiceCollection AddUGiftMeSandbox(this IServiceCollection services, UGiftMeSandbox sandbox, Action<UGiftMeSandboxAppOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(sandbox);
        var options = new UGiftMeSandboxAppOptions();
        configure?.Invoke(options);
        if (!options.WebhookUrl.IsAbsoluteUri)
        {
            throw new ArgumentException("UGiftMeSandboxAppOptions.WebhookUrl must be an absolute URL.", nameof(configure));
        }

        services.PostConfigureAll<UGiftMeClientOptions>(client => sandbox.ConfigureClient(client));
        services.Replace(ServiceDescriptor.Singleton<TimeProvider>(sandbox.Clock));
        services.TryAddSingleton(provider => new SandboxAppWebhooks(sandbox, options, provider));
        services.AddOptions<UGiftMeWebhookOptions>().PostConfigure<SandboxAppWebhooks>((receiver, webhooks) =>
        {
            if (webhooks.Subscription is { } subscription && !receiver.Secrets.Contains(subscription.Secret))
            {
                receiver.Secrets.Add(subscription.Secret);
            }
        });
        return services;
    }
}
