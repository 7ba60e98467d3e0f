using System.Diagnostics;

namespace UGiftMe.Sandbox;

/// <summary>
/// Everything the sandbox can be told. Bindable from configuration (section <see cref="SectionName"/>), except
/// <see cref="TimeProvider"/> and <see cref="WebhookHandler"/>, which only in-process hosts can supply. Lists left
/// empty mean "use the documented default" (one key, the default catalog, the documented retry schedule).
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class SandboxOptions
{
    /// <summary>The configuration section the standalone sandbox binds: <c>Sandbox</c>.</summary>
    public const string SectionName = "Sandbox";

    /// <summary>The key used when <see cref="ApiKeys"/> is empty (the UUID from the docs' examples).</summary>
    public const string DefaultApiKey = "6b4e22b2-c0a5-4c7a-888a-b38eac20b454";

    /// <summary>Accepted API keys; empty means a single key, <see cref="DefaultApiKey"/>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    public IList<SandboxApiKey> ApiKeys { get; } = [];

    /// <summary>
    /// Whether order creates are queued (202 and an order request) rather than done at once (201). A key can
    /// override it with <see cref="SandboxApiKey.OrdersAsync"/>. Default <see langword="false"/>.
    /// </summary>
    public bool OrdersAsync { get; set; }

    /// <summary>
    /// Also send <c>X-Account-Orders-Async</c> (the other docs version's name) beside <c>X-Business-Orders-Async</c>.
    /// Default <see langword="false"/>.
    /// </summary>
    public bool SendAccountOrdersAsyncHeader { get; set; }

    /// <summary>
    /// Take the caller's address from the first <c>X-Forwarded-For</c> entry, so that a local client can simulate
    /// addresses for IP allow lists. Default <see langword="false"/> (the socket's address).
    /// </summary>
    public bool TrustForwardedFor { get; set; }

    /// <summary>The account behind every key (<c>GET /auth</c>).</summary>
    public SandboxAccountOptions Account { get; } = new();

    /// <summary>The wallet: currency and opening balance.</summary>
    public SandboxWalletOptions Wallet { get; } = new();

    /// <summary>The catalog; empty means Amazon UK, John Lewis and Tesco (see <c>docs/sandbox.md</c>).</summary>
    public IList<SandboxProduct> Products { get; } = [];

    /// <summary>How long queued order requests wait and process.</summary>
    public SandboxOrderWorkerOptions OrderWorker { get; } = new();

    /// <summary>Webhook delivery timeouts, retry schedule and URL rules.</summary>
    public SandboxWebhookOptions Webhooks { get; } = new();

    /// <summary>Rate limiting (off by default).</summary>
    public SandboxRateLimitOptions RateLimit { get; } = new();

    /// <summary>Injected failures and latency (none by default).</summary>
    public SandboxFaultOptions Faults { get; } = new();

    /// <summary>Seed of the generator behind voucher codes and random faults, so runs repeat. Default 42.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>
    /// The clock behind timestamps, the order worker, the rate limit's windows and webhook retries and timeouts; a
    /// <c>FakeTimeProvider</c> lets tests move time. Default <see cref="TimeProvider.System"/>. Not bindable.
    /// </summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>
    /// The handler webhook deliveries are sent through, so tests can capture them without a receiver. Default: a
    /// real <see cref="SocketsHttpHandler"/>. The sandbox does not dispose a handler it is given. Not bindable.
    /// </summary>
    public HttpMessageHandler? WebhookHandler { get; set; }

    /// <summary>A description for logs and debuggers (the settings, the API keys only as how many; not the <see cref="Products"/>).</summary>
    public override string ToString() => new OptionsDescription(this).Secret(ApiKeys).Add(OrdersAsync).Add(SendAccountOrdersAsyncHeader).Add(TrustForwardedFor).Add(Account)
        .Add(Wallet).Add(OrderWorker).Add(Webhooks).Add(RateLimit).Add(Faults).Add(Seed).ToString();
}
