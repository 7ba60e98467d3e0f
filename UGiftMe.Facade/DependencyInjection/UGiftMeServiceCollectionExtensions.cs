using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UGiftMe;

// Extension methods live in the DI namespace so `services.AddUGiftMe` is found without another using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="UGiftMeClient"/> with dependency injection.</summary>
public static class UGiftMeServiceCollectionExtensions
{
    /// <summary>The named HttpClient of the default client; a named client's is <c>UGiftMe:{name}</c>.</summary>
    private const string HttpClientName = "UGiftMe";

    /// <summary>
    /// Registers the default <see cref="UGiftMeClient"/> (a singleton) with options bound from
    /// <paramref name="configuration"/> (e.g. <c>configuration.GetSection("UGiftMe")</c>), validated at start-up.
    /// </summary>
    /// <returns>The client's <see cref="IHttpClientBuilder"/>, e.g. to set a proxy on its primary handler. Do not add
    /// a resilience handler to it: the SDK already retries, and two retry layers multiply attempts.</returns>
    [RequiresUnreferencedCode(TrimmingMessages.UnreferencedCode)]
    [RequiresDynamicCode(TrimmingMessages.DynamicCode)]
    public static IHttpClientBuilder AddUGiftMe(this IServiceCollection services, IConfiguration configuration) =>
        AddUGiftMe(services, Options.Options.DefaultName, configuration);

    /// <summary>Registers the default <see cref="UGiftMeClient"/> with options set by <paramref name="configure"/>.</summary>
    [RequiresUnreferencedCode(TrimmingMessages.UnreferencedCode)]
    [RequiresDynamicCode(TrimmingMessages.DynamicCode)]
    public static IHttpClientBuilder AddUGiftMe(this IServiceCollection services, Action<UGiftMeClientOptions> configure) =>
        AddUGiftMe(services, Options.Options.DefaultName, configure);

    /// <summary>
    /// Registers a named client (e.g. one per API key), resolved with <c>[FromKeyedServices(name)]</c> or
    /// <see cref="IUGiftMeClientFactory.GetClient"/>; options bound from <paramref name="configuration"/>.
    /// </summary>
    [RequiresUnreferencedCode(TrimmingMessages.UnreferencedCode)]
    [RequiresDynamicCode(TrimmingMessages.DynamicCode)]
    public static IHttpClientBuilder AddUGiftMe(this IServiceCollection services, string name, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return Register(services, name, builder => builder.Bind(configuration));
    }

    /// <summary>Registers a named client with options set by <paramref name="configure"/>.</summary>
    [RequiresUnreferencedCode(TrimmingMessages.UnreferencedCode)]
    [RequiresDynamicCode(TrimmingMessages.DynamicCode)]
    public static IHttpClientBuilder AddUGiftMe(this IServiceCollection services, string name, Action<UGiftMeClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return Register(services, name, builder => builder.Configure(configure));
    }

    private static IHttpClientBuilder Register(IServiceCollection services, string name, Action<OptionsBuilder<UGiftMeClientOptions>> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(name);
        if (services.Any(descriptor => !descriptor.IsKeyedService && descriptor.ImplementationInstance is UGiftMeOptionsValidator registered && registered.Name == name))
        {
            throw new InvalidOperationException($"A UGiftMe client named '{name}' is already registered.");
        }

        configureOptions(services.AddOptions<UGiftMeClientOptions>(name));
        services.AddOptions<UGiftMeClientOptions>(name).ValidateOnStart();
        services.AddSingleton<IValidateOptions<UGiftMeClientOptions>>(new UGiftMeOptionsValidator(name));
        services.TryAddSingleton<IUGiftMeClientFactory, UGiftMeClientFactory>();
        // One meter per container, from its IMeterFactory when it has one (a host registers it), else the static one.
        services.TryAddSingleton(provider => UGiftMeMetrics.From(provider.GetService<IMeterFactory>()));

        services.AddKeyedSingleton(name, (provider, _) =>
        {
            var options = provider.GetRequiredService<IOptionsMonitor<UGiftMeClientOptions>>().Get(name).Clone();
            options.TimeProvider ??= provider.GetService<TimeProvider>();
            options.LoggerFactory ??= provider.GetService<ILoggerFactory>();
            // Verified order webhooks end waits at once when a receiver or backplane registered the notifier.
            options.OrderPolling.CompletionNotifier ??= provider.GetService<OrderCompletionNotifier>();
            return new ClientState(options, provider.GetRequiredService<UGiftMeMetrics>());
        });

        var httpClientName = name.Length == 0 ? HttpClientName : $"{HttpClientName}:{name}";
        var httpClient = services.AddHttpClient(httpClientName)
            .ConfigurePrimaryHttpMessageHandler(DefaultTransport.Create)
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            // The SDK logs each attempt itself (category UGiftMe.Http, at Debug); IHttpClientFactory's own handlers would
            // add four Information lines per call under System.Net.Http.HttpClient.*. Add them back with AddDefaultLogger().
            .RemoveAllLoggers();
        // After every other configuration, the primary handler included one the application set on the returned builder
        // (a proxy, certificates): it must not follow redirects, or the API key would go along to the redirect's target.
        services.PostConfigure<HttpClientFactoryOptions>(httpClientName, options => options.HttpMessageHandlerBuilderActions.Add(DefaultTransport.RefuseRedirects));

        // The SDK's pipeline sends through the named client's handler chain (its primary handler and any handler added
        // to the returned builder), once per attempt; the chain lives as long as the client (an infinite lifetime).
        services.AddKeyedSingleton(name, (provider, _) => new UGiftMeClient(
            provider.GetRequiredKeyedService<ClientState>(name),
            new HttpMessageInvoker(provider.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(httpClientName), disposeHandler: false))
        {
            // The container owns the client: a consumer's Dispose must not break it for the rest of the application.
            OwnedByContainer = true,
        });
        if (name.Length == 0)
        {
            services.AddSingleton(provider => provider.GetRequiredKeyedService<UGiftMeClient>(name));
        }

        return httpClient;
    }
}
