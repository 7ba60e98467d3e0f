using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using UGiftMe;
using UGiftMe.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Enables the Redis backplane for the UGiftMe clients and webhook receivers of an application.</summary>
public static class RedisBackplaneServiceCollectionExtensions
{
    private const string UnreferencedCode =
        "The UGiftMe Redis backplane carries order completions as System.Text.Json messages serialized by reflection, and "
        + "builds on AddUGiftMe; trimming can remove the members they need. Trimmed publishing is not supported: "
        + "https://github.com/ugiftme/ugiftme-dotnet/blob/main/docs/trimming.md";

    private const string DynamicCode =
        "The UGiftMe Redis backplane serializes messages with System.Text.Json by reflection and builds on AddUGiftMe, "
        + "which generates code at run time. Native AOT is not supported: https://github.com/ugiftme/ugiftme-dotnet/blob/main/docs/trimming.md";

    /// <summary>
    /// Shares webhook de-duplication (<see cref="RedisWebhookDeduplicationStore"/>) and order completions
    /// (<see cref="RedisOrderCompletionChannel"/>) through one Redis, for every UGiftMe client and receiver in the
    /// container: <c>services.AddUGiftMe(...).AddRedisBackplane("redis:6379")</c>, and the trust in webhooks
    /// (<see cref="WebhookTrust"/>), so that a fleet earns it once. The connection is made in the background: start-up
    /// never waits for Redis and does not fail while it is down; waits poll, and the receiver answers 503 so UGiftMe retries.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddUGiftMe</c>.</param>
    /// <param name="connectionString">A StackExchange.Redis configuration string, such as <c>localhost:6379</c>.</param>
    /// <param name="configure">Changes key prefix, claim timeout or retention.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentException">The connection string is empty or invalid, or an option is out of range.</exception>
    [RequiresUnreferencedCode(UnreferencedCode)]
    [RequiresDynamicCode(DynamicCode)]
    public static IHttpClientBuilder AddRedisBackplane(this IHttpClientBuilder builder, string connectionString, Action<RedisBackplaneOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ConfigurationOptions configuration;
        try
        {
            configuration = ConfigurationOptions.Parse(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or RedisConnectionException)
        {
            // The parser's message may quote the string, which can hold a password.
            throw new ArgumentException("The Redis connection string could not be parsed.", nameof(connectionString));
        }

        // Start even while Redis is down, and fail commands at once during an outage rather than queue them: a webhook
        // receiver has 5 seconds to answer, and a waiting order polls meanwhile.
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        // The backplane's own connection: admin commands let the store read the RDB settings (CONFIG GET save) to warn
        // when Redis keeps nothing across a restart. The backplane never sends another admin command.
        configuration.AllowAdmin = true;
        var options = new RedisBackplaneOptions();
        configure?.Invoke(options);
        options.EnsureValid();

        var services = builder.Services;
        services.Replace(ServiceDescriptor.Singleton(_ => new RedisBackplaneConnection(configuration)));
        services.Replace(ServiceDescriptor.Singleton<IWebhookDeduplicationStore>(provider =>
            new RedisWebhookDeduplicationStore(provider.GetRequiredService<RedisBackplaneConnection>().ConnectAsync, options, provider.GetService<ILoggerFactory>())));
        services.Replace(ServiceDescriptor.Singleton<OrderCompletionChannel>(provider =>
            new RedisOrderCompletionChannel(provider.GetRequiredService<RedisBackplaneConnection>().ConnectAsync, options, provider.GetService<ILoggerFactory>())));
        services.AddUGiftMeOrderCompletion();
        return builder;
    }
}
