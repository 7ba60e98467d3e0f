namespace UGiftMe;

/// <summary>Builds the SDK's handler chain: errors → idempotency → API key → retries → one attempt → transport.</summary>
internal static class UGiftMePipeline
{
    /// <summary>The transport of clients created without one: shared, so connections are pooled across clients and
    /// recycled every few minutes to follow DNS changes.</summary>
    public static readonly Lazy<SocketsHttpHandler> SharedTransport = new(() => new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = System.Net.DecompressionMethods.All,
    });

    public static DelegatingHandler[] CreateHandlers(ClientState state) =>
    [
        new ErrorMappingHandler(state),
        new IdempotencyHandler(),
        new ApiKeyHandler(state),
        new RetryHandler(state),
        new AttemptHandler(state),
    ];

    public static HttpMessageHandler Chain(ClientState state, HttpMessageHandler transport)
    {
        var handlers = CreateHandlers(state);
        for (var i = 0; i < handlers.Length; i++)
        {
            handlers[i].InnerHandler = i + 1 < handlers.Length ? handlers[i + 1] : transport;
        }

        return handlers[0];
    }
}
