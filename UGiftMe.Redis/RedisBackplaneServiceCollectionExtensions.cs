using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using UGiftMe;
using UGiftMe.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Enables the Redis backplane for the UGiftMe clients and webhook receivers of an application.</summary>
public static class RedisBackplaneServiceCollectionExtensions
{
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
        return Register(builder, _ => new RedisBackplaneConnection(configuration), configure);
    }

    /// <summary>
    /// Enables the backplane (as <see cref="AddRedisBackplane(IHttpClientBuilder, string, Action{RedisBackplaneOptions}?)"/>
    /// does) over the application's own connection, so no second connection to Redis is opened. The backplane never
    /// disposes it. Its settings are yours: with <c>abortConnect=false</c> the application starts while Redis is down,
    /// <see cref="BacklogPolicy.FailFast"/> makes the receiver answer 503 at once during an outage rather than queue
    /// commands past UGiftMe's 5 seconds, and <c>allowAdmin=true</c> lets the store warn when Redis keeps nothing across
    /// a restart.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddUGiftMe</c>.</param>
    /// <param name="redis">The application's connection.</param>
    /// <param name="configure">Changes key prefix, claim timeout or retention.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public static IHttpClientBuilder AddRedisBackplane(this IHttpClientBuilder builder, IConnectionMultiplexer redis, Action<RedisBackplaneOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(redis);
        return Register(builder, _ => new RedisBackplaneConnection(redis), configure);
    }

    /// <summary>
    /// Enables the backplane over the application's own connection, taken from the container by
    /// <paramref name="redisFactory"/> (e.g. <c>provider =&gt; provider.GetRequiredService&lt;IConnectionMultiplexer&gt;()</c>)
    /// when the backplane is first used. The backplane never disposes it; see
    /// <see cref="AddRedisBackplane(IHttpClientBuilder, IConnectionMultiplexer, Action{RedisBackplaneOptions}?)"/> for the settings it works best with.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddUGiftMe</c>.</param>
    /// <param name="redisFactory">Returns the application's connection; called once.</param>
    /// <param name="configure">Changes key prefix, claim timeout or retention.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public static IHttpClientBuilder AddRedisBackplane(this IHttpClientBuilder builder, Func<IServiceProvider, IConnectionMultiplexer> redisFactory, Action<RedisBackplaneOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(redisFactory);
        return Register(
            builder,
            provider => new RedisBackplaneConnection(redisFactory(provider)
                ?? throw new InvalidOperationException("The factory passed to AddRedisBackplane returned no IConnectionMultiplexer.")),
            configure);
    }

    private static IHttpClientBuilder Register(IHttpClientBuilder builder, Func<IServiceProvider, RedisBackplaneConnection> connection, Action<RedisBackplaneOptions>? configure)
    {
        var options = new RedisBackplaneOptions();
        configure?.Invoke(options);
        options.EnsureValid();

        var services = builder.Services;
        services.Replace(ServiceDescriptor.Singleton(connection));
        services.Replace(ServiceDescriptor.Singleton<IWebhookDeduplicationStore>(provider =>
            new RedisWebhookDeduplicationStore(provider.GetRequiredService<RedisBackplaneConnection>().ConnectAsync, options, provider.GetService<ILoggerFactory>())));
        services.Replace(ServiceDescriptor.Singleton<OrderCompletionChannel>(provider =>
            new RedisOrderCompletionChannel(provider.GetRequiredService<RedisBackplaneConnection>().ConnectAsync, options, provider.GetService<ILoggerFactory>())));
        services.AddUGiftMeOrderCompletion();
        return builder;
    }
}
