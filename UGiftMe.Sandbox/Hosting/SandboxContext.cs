using UGiftMe.Sandbox.Auth;
using UGiftMe.Sandbox.Catalog;
using UGiftMe.Sandbox.Orders;
using UGiftMe.Sandbox.Scenarios;
using UGiftMe.Sandbox.State;
using UGiftMe.Sandbox.Webhooks;

namespace UGiftMe.Sandbox.Hosting;

/// <summary>The sandbox's services, built once per sandbox from its options.</summary>
internal sealed class SandboxContext : IAsyncDisposable
{
    private readonly HashSet<ITimer> _timers = [];
    private bool _disposed;

    public SandboxContext(SandboxOptions options, TimeProvider? time = null, HttpMessageHandler? webhookHandler = null)
    {
        Options = options;
        Time = time ?? options.TimeProvider ?? TimeProvider.System;
        WebhookHandler = webhookHandler ?? options.WebhookHandler;
        Ids = new IdGenerator(Time, options.Seed);
        Random = new Random(options.Seed);
        ApiKeys = options.ApiKeys.Count > 0
            ? [.. options.ApiKeys]
            : [new SandboxApiKey { Key = SandboxOptions.DefaultApiKey }];
        Catalog = new ProductCatalog(options.Products.Count > 0 ? options.Products : DefaultCatalog.Create());
        RetryDelays = options.Webhooks.RetryDelays.Count > 0
            ? [.. options.Webhooks.RetryDelays]
            : SandboxWebhookOptions.DocumentedRetryDelays;
        KeyStates = [.. ApiKeys.Select(key => new ApiKeyState(key))];
        Store = new SandboxStore(options, Time, Ids);
        Requests = new RequestLog(this);
        Faults = new SandboxFaultInjector(options.Faults, options.Seed);
        Webhooks = new WebhookDispatcher(this);
        Orders = new OrderService(this);
    }

    public SandboxOptions Options { get; }

    /// <summary>Where deliveries are sent through: the host's override, or <see cref="SandboxOptions.WebhookHandler"/>.</summary>
    public HttpMessageHandler? WebhookHandler { get; }

    public TimeProvider Time { get; }

    public IdGenerator Ids { get; }

    /// <summary>Voucher codes; used under the store's lock only.</summary>
    public Random Random { get; }

    public IReadOnlyList<SandboxApiKey> ApiKeys { get; }

    public ProductCatalog Catalog { get; }

    public IReadOnlyList<TimeSpan> RetryDelays { get; }

    public SandboxStore Store { get; }

    /// <summary>What is enforced for each of <see cref="ApiKeys"/> now (revocation, IP allow list), in the same order.</summary>
    public IReadOnlyList<ApiKeyState> KeyStates { get; }

    /// <summary>Every Business API request.</summary>
    public RequestLog Requests { get; }

    /// <summary>Conditions tests wait for; notified on every change of state.</summary>
    public SandboxSignals Signals { get; } = new();

    /// <summary>Scripted outcomes of the next order creates.</summary>
    public OrderScenarioBook Scenarios { get; } = new();

    public SandboxFaultInjector Faults { get; }

    public WebhookDispatcher Webhooks { get; }

    public OrderService Orders { get; }

    /// <summary>Where background failures are logged; set when the host is built.</summary>
    public ILogger Logger { get; set; } = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    /// <summary>Runs <paramref name="callback"/> once after <paramref name="delay"/> on the sandbox clock.</summary>
    public void Schedule(TimeSpan delay, Action callback)
    {
        ITimer? timer = null;
        var fired = 0;
        timer = Time.CreateTimer(
            _ =>
            {
                if (Interlocked.Exchange(ref fired, 1) == 1)
                {
                    return;
                }

                lock (_timers)
                {
                    if (_disposed)
                    {
                        return;
                    }

                    if (timer is not null)
                    {
                        _timers.Remove(timer);
                    }
                }

                timer?.Dispose();
                try
                {
                    callback();
                }
#pragma warning disable CA1031 // A timer callback that throws would end the process: log it, keep serving.
                catch (Exception exception)
#pragma warning restore CA1031
                {
                    SandboxLog.BackgroundFailure(Logger, exception);
                }
            },
            null,
            Timeout.InfiniteTimeSpan,
            Timeout.InfiniteTimeSpan);
        lock (_timers)
        {
            if (_disposed)
            {
                timer.Dispose();
                return;
            }

            _timers.Add(timer);
        }

        timer.Change(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, Timeout.InfiniteTimeSpan);
    }

    public async ValueTask DisposeAsync()
    {
        ITimer[] timers;
        lock (_timers)
        {
            _disposed = true;
            timers = [.. _timers];
            _timers.Clear();
        }

        foreach (var timer in timers)
        {
            await timer.DisposeAsync().ConfigureAwait(false);
        }

        await Webhooks.DisposeAsync().ConfigureAwait(false);
    }
}
