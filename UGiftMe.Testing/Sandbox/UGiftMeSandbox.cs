using System.Diagnostics.CodeAnalysis;
using UGiftMe.Sandbox;

namespace UGiftMe.Testing;

/// <summary>
/// The local UGiftMe sandbox running in the test's own process on <c>127.0.0.1</c> and a free port, with what a test
/// of your code needs around it: clients already pointed at it (<see cref="CreateClient"/>, <see cref="ConfigureClient"/>,
/// <c>services.AddUGiftMe(...).UseSandbox(sandbox)</c>), scripted scenarios (<see cref="Orders"/>, <see cref="Traffic"/>,
/// <see cref="Wallet"/>, <see cref="Account"/>), signed webhook deliveries into your app (<see cref="Webhooks"/>) and
/// a clock you control (<see cref="Clock"/>). No child process, file or environment variable is involved.
/// <code>
/// await using var sandbox = await UGiftMeSandbox.StartAsync();
/// using var client = sandbox.CreateClient();
/// sandbox.Orders.Next.IsRefusedForInsufficientFunds();
/// </code>
/// One sandbox per test class (or per test) keeps tests independent; disposing it stops the server.
/// </summary>
public sealed class UGiftMeSandbox : IAsyncDisposable
{
    private readonly WebhookRouter _router;

    private UGiftMeSandbox(SandboxServer server, SandboxClock clock, WebhookRouter router)
    {
        Server = server;
        Clock = clock;
        _router = router;
        Orders = new SandboxOrders(server);
        Traffic = new SandboxTraffic(server);
        Wallet = new SandboxWallet(server);
        Account = new SandboxAccount(server);
        Webhooks = new SandboxWebhooks(server, router);
    }

    /// <summary>The sandbox server itself: its full state (<see cref="SandboxServer.State"/>) and low-level fault script.</summary>
    public SandboxServer Server { get; }

    /// <summary>The server's root, e.g. <c>http://127.0.0.1:50123/</c>: what <see cref="UGiftMeClientOptions.BaseAddress"/> takes.</summary>
    public Uri BaseAddress => Server.BaseAddress;

    /// <summary>The sandbox's API key (a local test key, not a UGiftMe key).</summary>
    public string ApiKey => Server.ApiKey;

    /// <summary>
    /// The clock of the sandbox and of every client it configures. Start the sandbox with
    /// <c>SandboxOptions.TimeProvider = new FakeTimeProvider()</c> to move it with <see cref="SandboxClock.Advance"/>.
    /// </summary>
    public SandboxClock Clock { get; }

    /// <summary>Order scenarios (402, asynchronous failure, held in the queue, success after N polls, lost answer) and the orders made.</summary>
    public SandboxOrders Orders { get; }

    /// <summary>Scenarios for any request (429, 503, latency) and the requests the sandbox saw.</summary>
    public SandboxTraffic Traffic { get; }

    /// <summary>The wallet: balance, top-ups and the ledger.</summary>
    public SandboxWallet Wallet { get; }

    /// <summary>The account and its API key: synchronous or asynchronous orders, IP allow list, revocation.</summary>
    public SandboxAccount Account { get; }

    /// <summary>Webhook subscriptions, deliveries (signed, into your app or to a URL) and waits for them.</summary>
    public SandboxWebhooks Webhooks { get; }

    /// <summary>
    /// Starts a sandbox on <c>127.0.0.1</c> and a free port. The options are the ones the standalone sandbox binds from
    /// its configuration and <c>ugiftme sandbox</c> sets from its switches (see docs/sandbox.md); left out, it has the
    /// default catalog, a 2000 GBP wallet, synchronous orders and the system clock.
    /// </summary>
    /// <param name="options">
    /// The sandbox's settings. Its <see cref="SandboxOptions.TimeProvider"/> (e.g. a <c>FakeTimeProvider</c>) is shared
    /// through <see cref="Clock"/>; its <see cref="SandboxOptions.WebhookHandler"/>, when set, sends the deliveries that
    /// <see cref="SandboxWebhooks.RouteTo(Uri, HttpMessageHandler)"/> does not route. The object is not changed.
    /// </param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running sandbox; dispose it to stop it.</returns>
    /// <exception cref="ArgumentException">The options are invalid (each problem is named).</exception>
    [RequiresUnreferencedCode(TestingTrimmingMessages.UnreferencedCode)]
    [RequiresDynamicCode(TestingTrimmingMessages.DynamicCode)]
    public static async Task<UGiftMeSandbox> StartAsync(SandboxOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new SandboxOptions();
        var clock = new SandboxClock(options.TimeProvider ?? TimeProvider.System);
        var router = new WebhookRouter(options.WebhookHandler);
        // The server's timers go through the clock as the sandbox's own, so a test's wait for the code under test's next
        // timer cannot be met by the order worker's, a webhook retry's or the latency's.
        var server = await SandboxServer.StartAsync(options, port: 0, clock.ForSandbox, router, cancellationToken).ConfigureAwait(false);
        return new UGiftMeSandbox(server, clock, router);
    }

    /// <summary>
    /// A new client for the sandbox: its address, its key and <see cref="Clock"/>, then <paramref name="configure"/>.
    /// The caller disposes it.
    /// </summary>
    /// <param name="configure">Changes to make after the sandbox's settings (retries, polling, ...).</param>
    /// <returns>A <see cref="UGiftMeClient"/> pointed at this sandbox.</returns>
    [RequiresUnreferencedCode(TestingTrimmingMessages.UnreferencedCode)]
    [RequiresDynamicCode(TestingTrimmingMessages.DynamicCode)]
    public UGiftMeClient CreateClient(Action<UGiftMeClientOptions>? configure = null)
    {
        var options = ConfigureClient(new UGiftMeClientOptions());
        configure?.Invoke(options);
        return new UGiftMeClient(options);
    }

    /// <summary>
    /// Points <paramref name="options"/> at the sandbox: <see cref="UGiftMeClientOptions.BaseAddress"/>,
    /// <see cref="UGiftMeClientOptions.ApiKey"/> and <see cref="UGiftMeClientOptions.TimeProvider"/> (<see cref="Clock"/>).
    /// Everything else is left as it is.
    /// </summary>
    /// <param name="options">The options to change.</param>
    /// <returns>The same options, for chaining.</returns>
    public UGiftMeClientOptions ConfigureClient(UGiftMeClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.BaseAddress = BaseAddress;
        options.ApiKey = ApiKey;
        options.TimeProvider = Clock;
        return options;
    }

    /// <summary>
    /// Drops every scenario not used yet (orders, faults) and ends the latency, so the next test of a shared sandbox
    /// starts without leftovers. State (orders, wallet, deliveries) is kept.
    /// </summary>
    public void ClearScenarios()
    {
        Server.Context.Scenarios.Clear();
        Server.Faults.Clear();
        Server.Faults.Options.Latency = TimeSpan.Zero;
    }

    /// <summary>Stops the server, its timers and the deliveries in flight.</summary>
    /// <returns>A task that completes when everything has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync().ConfigureAwait(false);
        _router.Dispose();
    }
}
