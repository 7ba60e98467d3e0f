using System.Diagnostics.CodeAnalysis;

namespace UGiftMe;

/// <summary>
/// The UGiftMe Business API client. Create one per API key and reuse it: it is thread-safe and every call goes
/// through the SDK's pipeline (API key, idempotency keys, retries with backoff, typed errors, rate-limit tracking).
/// </summary>
/// <example>
/// <code>
/// var client = new UGiftMeClient(new UGiftMeClientOptions { ApiKey = key });
/// var order = await client.Orders.CreateAndWaitAsync(new CreateOrderRequest { ... });
/// </code>
/// </example>
public class UGiftMeClient : IDisposable
{
    /// <summary>The transport of clients created without one: shared, so connections are pooled across clients.</summary>
    internal static readonly Lazy<HttpMessageHandler> SharedTransport = new(DefaultTransport.Create);

    private readonly ClientState _state = null!;
    private readonly UGiftMePipeline _pipeline = null!;

    /// <summary>A client over the SDK's shared connection pool.</summary>
    [RequiresUnreferencedCode(TrimmingMessages.UnreferencedCode)]
    [RequiresDynamicCode(TrimmingMessages.DynamicCode)]
    public UGiftMeClient(UGiftMeClientOptions options)
        : this(options, SharedTransport.Value)
    {
    }

    /// <summary>A client whose requests go through <paramref name="transport"/> (a test handler, a proxy-aware handler).</summary>
    [RequiresUnreferencedCode(TrimmingMessages.UnreferencedCode)]
    [RequiresDynamicCode(TrimmingMessages.DynamicCode)]
    public UGiftMeClient(UGiftMeClientOptions options, HttpMessageHandler transport)
        : this(new ClientState(options), new HttpMessageInvoker(transport ?? throw new ArgumentNullException(nameof(transport)), disposeHandler: false))
    {
    }

    /// <summary>
    /// A client whose requests are sent by your <see cref="HttpClient"/> (its handlers, proxy and certificates apply;
    /// its own <see cref="HttpClient.Timeout"/> limits each attempt). Do not add a retry handler to it as well.
    /// </summary>
    [RequiresUnreferencedCode(TrimmingMessages.UnreferencedCode)]
    [RequiresDynamicCode(TrimmingMessages.DynamicCode)]
    public UGiftMeClient(UGiftMeClientOptions options, HttpClient httpClient)
        : this(new ClientState(options), new HttpMessageInvoker(new HttpClientTransportHandler(httpClient ?? throw new ArgumentNullException(nameof(httpClient))), disposeHandler: false))
    {
    }

    /// <summary>Used by dependency injection too, with the handler chain of the client's named HttpClient.</summary>
    internal UGiftMeClient(ClientState state, HttpMessageInvoker transport)
    {
        _state = state;
        TransportSecurity.WarnIfClearText(state.Options, state.Logger);
        _pipeline = new UGiftMePipeline(state, transport);
        Auth = new AuthClient(_pipeline);
        Products = new ProductsClient(_pipeline);
        Orders = new OrdersClient(_pipeline, state.Options.OrderPolling);
        Wallet = new WalletClient(_pipeline);
        Webhooks = new WebhooksClient(_pipeline);
    }

    /// <summary>For mocking in tests.</summary>
    protected UGiftMeClient()
    {
    }

    /// <summary>Key verification.</summary>
    public virtual AuthClient Auth { get; } = null!;

    /// <summary>The catalog.</summary>
    public virtual ProductsClient Products { get; } = null!;

    /// <summary>Orders: create (single and bulk, sync or queued), follow, history and search.</summary>
    public virtual OrdersClient Orders { get; } = null!;

    /// <summary>The wallet and its ledger.</summary>
    public virtual WalletClient Wallet { get; } = null!;

    /// <summary>Webhook subscriptions.</summary>
    public virtual WebhooksClient Webhooks { get; } = null!;

    /// <summary>The address requests go to.</summary>
    public virtual Uri BaseAddress => _state.Options.ResolvedBaseAddress;

    /// <summary>The rate-limit state of the most recent response that reported one, across all calls of this client.</summary>
    public virtual RateLimitInfo? LastRateLimit => _state.LastRateLimit;

    /// <summary>The client's request budget; null for a mock.</summary>
    internal RequestPacer? Pacer => _state?.Pacer;

    /// <summary>The client's clock.</summary>
    internal TimeProvider TimeProvider => _state?.TimeProvider ?? TimeProvider.System;

    /// <summary>
    /// Set by dependency injection (and so for <see cref="IUGiftMeClientFactory"/>): the container owns the client, which
    /// is shared by the whole application, so a consumer's <see cref="Dispose()"/> (a careless <c>using</c>) is ignored.
    /// </summary>
    internal bool OwnedByContainer { get; init; }

    /// <summary>
    /// Ends the client: later calls throw <see cref="ObjectDisposedException"/> without sending anything. Your own
    /// <see cref="HttpClient"/> or handler is never disposed, and shared connections stay pooled for other clients. A
    /// client resolved from dependency injection (or <see cref="IUGiftMeClientFactory"/>) belongs to the container:
    /// disposing it does nothing, and it keeps working.
    /// </summary>
    public void Dispose()
    {
        if (OwnedByContainer)
        {
            return;
        }

        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>A description without the API key.</summary>
    public override string ToString() => $"UGiftMeClient {{ BaseAddress = {_state?.Options.ResolvedBaseAddress} }}";

    /// <summary>Releases resources.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _pipeline?.Dispose();
        }
    }
}
