using System.Diagnostics.CodeAnalysis;
using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using UGiftMe.Sandbox.Hosting;
using UGiftMe.Sandbox.Webhooks;

namespace UGiftMe.Sandbox;

/// <summary>
/// A sandbox running in this process on <c>127.0.0.1</c> and a free port, for tests and demos:
/// <code>
/// await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { OrdersAsync = true }, ct);
/// using var http = sandbox.CreateClient();
/// </code>
/// </summary>
public sealed class SandboxServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SandboxContext _sandbox;

    private SandboxServer(WebApplication app, SandboxContext sandbox, Uri baseAddress)
    {
        _app = app;
        _sandbox = sandbox;
        BaseAddress = baseAddress;
        State = new SandboxState(sandbox);
    }

    /// <summary>The server's root, e.g. <c>http://127.0.0.1:50123/</c>; API paths start with <c>api/v1/business/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary><see cref="BaseAddress"/> plus <c>api/v1/business/</c>.</summary>
    public Uri ApiBaseAddress => new(BaseAddress, "api/v1/business/");

    /// <summary>The first accepted API key (<see cref="SandboxOptions.DefaultApiKey"/> unless keys were given).</summary>
    public string ApiKey => _sandbox.ApiKeys[0].Key;

    /// <summary>Read-only views of everything the sandbox holds, for assertions.</summary>
    public SandboxState State { get; }

    /// <summary>Scripts faults while the sandbox runs.</summary>
    public SandboxFaultInjector Faults => _sandbox.Faults;

    /// <summary>The options the sandbox was started with (rates, latency and the account's mode can be changed while it runs).</summary>
    public SandboxOptions Options => _sandbox.Options;

    /// <summary>The clock behind the sandbox: <see cref="SandboxOptions.TimeProvider"/>, or the system clock.</summary>
    public TimeProvider TimeProvider => _sandbox.Time;

    internal SandboxContext Context => _sandbox;

    /// <summary>Starts a sandbox on <c>127.0.0.1</c> and a free port.</summary>
    /// <param name="options">Its settings; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running sandbox; dispose it to stop it.</returns>
    [RequiresUnreferencedCode(SandboxTrimmingMessages.UnreferencedCode)]
    [RequiresDynamicCode(SandboxTrimmingMessages.DynamicCode)]
    public static Task<SandboxServer> StartAsync(
        SandboxOptions? options = null, CancellationToken cancellationToken = default) =>
        StartAsync(options, port: 0, cancellationToken);

    /// <summary>Starts a sandbox on <c>127.0.0.1</c> and the given port (0 for a free one).</summary>
    /// <param name="options">Its settings; defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are invalid (<see cref="SandboxOptionsSummary.Validate"/> names each problem).</exception>
    /// <param name="port">The TCP port, 0 to 65535; 0 picks a free port.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running sandbox; dispose it to stop it.</returns>
    [RequiresUnreferencedCode(SandboxTrimmingMessages.UnreferencedCode)]
    [RequiresDynamicCode(SandboxTrimmingMessages.DynamicCode)]
    public static Task<SandboxServer> StartAsync(
        SandboxOptions? options, int port, CancellationToken cancellationToken = default) =>
        StartAsync(options, port, time: null, webhookHandler: null, cancellationToken);

    /// <summary>
    /// Starts a sandbox whose clock and delivery handler are the host's (UGiftMe.Testing's shared clock and webhook
    /// router), leaving the caller's options object as it was given.
    /// </summary>
    internal static async Task<SandboxServer> StartAsync(
        SandboxOptions? options,
        int port,
        TimeProvider? time,
        HttpMessageHandler? webhookHandler,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        options ??= new SandboxOptions();
        if (SandboxOptionsSummary.Validate(options) is { Count: > 0 } problems)
        {
            throw new ArgumentException("The sandbox options are invalid: " + string.Join(" ", problems), nameof(options));
        }

        var sandbox = new SandboxContext(options, time, webhookHandler);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(SandboxServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        // In-process sandboxes take their settings from the options object only, never from files or variables.
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = SandboxApplication.Build(builder, sandbox);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            await sandbox.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features
            .GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new SandboxServer(app, sandbox, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>An <see cref="HttpClient"/> with <see cref="BaseAddress"/> and, unless told not to, the API key.</summary>
    /// <param name="withApiKey">Whether to send <see cref="ApiKey"/> as <c>X-API-Key</c> on every request.</param>
    /// <param name="handler">An optional handler (e.g. a contract validator) to send through.</param>
    /// <returns>A client the caller disposes.</returns>
    public HttpClient CreateClient(bool withApiKey = true, HttpMessageHandler? handler = null)
    {
        var client = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        client.BaseAddress = BaseAddress;
        if (withApiKey)
        {
            client.DefaultRequestHeaders.Add("X-API-Key", ApiKey);
        }

        return client;
    }

    /// <summary>Adds funds to the wallet: a <c>funding</c> transaction and a <c>wallet.updated</c> event.</summary>
    /// <param name="amount">The amount, greater than zero.</param>
    public void FundWallet(decimal amount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        var store = _sandbox.Store;
        lock (store.Gate)
        {
            var now = _sandbox.Time.GetUtcNow();
            store.Balance += amount;
            store.AddTransaction("funding", amount, null, "Wallet top-up", now);
            _sandbox.Webhooks.Publish(
                "wallet.updated",
                new WalletUpdatedEvent(
                    _sandbox.Options.Account.Id,
                    store.Currency,
                    store.Balance,
                    store.Available,
                    "funding",
                    now,
                    new WalletUpdatedTransaction("credit", amount, null, "Wallet top-up")));
        }
    }

    /// <summary>Stops the server, its timers and any webhook deliveries in flight.</summary>
    /// <returns>A task that completes when everything has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _sandbox.DisposeAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
