using UGiftMe.ContractTesting;
using UGiftMe.Demo;

namespace UGiftMe.IntegrationTests.TestSupport;

/// <summary>
/// One sandbox on Kestrel (127.0.0.1, a free port) and a <see cref="UGiftMeClient"/> whose every HTTP attempt goes
/// through a <see cref="ContractValidatingHandler"/>, plus any webhook receivers a test starts. With a
/// <see cref="TestClock"/>, the sandbox and the client share it and the client's timeouts are infinite, so the clock
/// only moves to the backoffs, Retry-After waits, polls and worker steps the test is waiting for.
/// </summary>
internal sealed class SdkHarness : IAsyncDisposable
{
    private static readonly Lazy<Task<OpenApiContract>> Contract = new(OpenApiContract.LoadBusinessApiAsync);
    private readonly List<WebhookReceiver> _receivers = [];
    private readonly List<UGiftMeClient> _clients = [];

    private SdkHarness(SandboxServer sandbox, ContractValidatingHandler validator, UGiftMeClientOptions clientOptions, TestClock? clock)
    {
        Sandbox = sandbox;
        Validator = validator;
        InFlight = new InFlightHandler(validator, clock);
        ClientOptions = clientOptions;
        Client = CreateClient(sandbox.ApiKey);
    }

    public SandboxServer Sandbox { get; }

    public ContractValidatingHandler Validator { get; }

    /// <summary>The clients' transport, in front of <see cref="Validator"/>: it tells the test's clock which requests are on their way.</summary>
    public InFlightHandler InFlight { get; }

    public UGiftMeClientOptions ClientOptions { get; }

    public UGiftMeClient Client { get; }

    public static async Task<SdkHarness> StartAsync(
        Action<SandboxOptions>? sandbox = null, Action<UGiftMeClientOptions>? client = null, TestClock? clock = null)
    {
        var sandboxOptions = new SandboxOptions { TimeProvider = clock };
        sandbox?.Invoke(sandboxOptions);
        var server = await SandboxServer.StartAsync(sandboxOptions);
        var validator = new ContractValidatingHandler(await Contract.Value, new StatusCountingHandler(new SocketsHttpHandler()));
        var clientOptions = new UGiftMeClientOptions { ApiKey = server.ApiKey, BaseAddress = server.BaseAddress };
        if (clock is not null)
        {
            clientOptions.TimeProvider = clock;
            clientOptions.AttemptTimeout = Timeout.InfiniteTimeSpan;
            clientOptions.TotalTimeout = Timeout.InfiniteTimeSpan;
        }

        client?.Invoke(clientOptions);
        return new SdkHarness(server, validator, clientOptions, clock);
    }

    /// <summary>Another client on the same validator and options, with another key.</summary>
    public UGiftMeClient CreateClient(string apiKey)
    {
        var options = new UGiftMeClientOptions
        {
            ApiKey = apiKey,
            BaseAddress = ClientOptions.BaseAddress,
            TimeProvider = ClientOptions.TimeProvider,
            AttemptTimeout = ClientOptions.AttemptTimeout,
            TotalTimeout = ClientOptions.TotalTimeout,
            Retry = ClientOptions.Retry,
            OrderPolling = ClientOptions.OrderPolling,
        };
        var client = new UGiftMeClient(options, InFlight);
        _clients.Add(client);
        return client;
    }

    /// <summary>Contract violations of every request and response so far (503s included: the spec declares them).</summary>
    public IReadOnlyList<ContractViolation> Violations => Validator.Violations;

    /// <summary>How many 503 answers (the sandbox's injected faults) reached the client so far.</summary>
    public int ServiceUnavailableCount => Statuses.Count(503);

    /// <summary>Every response that reached the client, by method and status.</summary>
    public StatusCountingHandler Statuses => (StatusCountingHandler)Validator.InnerHandler!;

    /// <summary>
    /// Subscribes a UGiftMe.AspNetCore receiver on 127.0.0.1 to <paramref name="events"/>; it verifies deliveries with
    /// the secret the subscription returned (or <paramref name="receiverSecret"/>, to test a wrong one).
    /// </summary>
    public async Task<(WebhookReceiver Receiver, CreatedWebhook Webhook)> SubscribeReceiverAsync(
        IEnumerable<string> events, string? receiverSecret = null)
    {
        // Listening first, on a port Kestrel picks: a port found free and bound later could be taken in between.
        var receiver = await WebhookReceiver.StartAsync(0, "/webhooks/ugiftme", CancellationToken.None);
        _receivers.Add(receiver);
        var url = new Uri($"http://127.0.0.1:{receiver.Port}/webhooks/ugiftme");
        CreatedWebhook created = await Client.Webhooks.CreateAsync(url, events, "integration test");
        receiver.AcceptSecret(receiverSecret ?? created.Secret!);
        return (receiver, created);
    }

    public void AssertContractHolds()
    {
        Assert.That(Validator.CheckedCount, Is.GreaterThan(0), "No traffic went through the contract validator.");
        Assert.That(Violations, Is.Empty, string.Join(Environment.NewLine, Violations));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        foreach (var receiver in _receivers)
        {
            await receiver.DisposeAsync();
        }

        await Sandbox.DisposeAsync();
        InFlight.Dispose(); // and the validator behind it
    }
}
