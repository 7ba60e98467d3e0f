using System.Globalization;
using System.Net;
using System.Net.Sockets;
using UGiftMe.ContractTesting.Hosting;
using UGiftMe.Demo;

namespace UGiftMe.IntegrationTests.Demo;

/// <summary>
/// <see cref="DemoWebhookPort"/>: a webhook port taken between finding it free and the demo binding it costs another
/// run on another port, not a failed test; any other outcome is the test's to assert, after one run.
/// </summary>
public sealed class DemoWebhookPortTests
{
    private const string WebhookPath = "/webhooks/ugiftme";

    [Test]
    [CancelAfter(60_000)]
    public async Task RunAsync_FirstPortTakenBeforeTheDemoBindsIt_RunsTheDemoAgainOnAnotherPort(CancellationToken cancellationToken)
    {
        var options = new SandboxOptions { OrdersAsync = true };
        options.OrderWorker.QueuedDuration = TimeSpan.FromMilliseconds(100);
        options.OrderWorker.ProcessingDuration = TimeSpan.FromMilliseconds(100);
        await using var sandbox = await SandboxServer.StartAsync(options, cancellationToken);
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var takenPort = ((IPEndPoint)taken.LocalEndpoint).Port;
        var offered = new List<int>();

        var (exitCode, output, port) = await DemoWebhookPort.RunAsync(
            (port, output) => DemoRunner.RunAsync(output, Settings(sandbox.ApiKey, sandbox.BaseAddress, port), cancellationToken),
            () =>
            {
                offered.Add(offered.Count == 0 ? takenPort : LoopbackPort.Free());
                return offered[^1];
            });

        Assert.That(offered, Has.Count.EqualTo(2), "the taken port, then another");
        Assert.That(port, Is.EqualTo(offered[1]));
        Assert.That(exitCode, Is.Zero, output);
        Assert.That(output, Does.Contain($"Receiver listening on http://127.0.0.1:{offered[1]}{WebhookPath}").And.Contain("Done: every step succeeded."));
        Assert.That(sandbox.State.Orders, Has.Count.EqualTo(1), "the run on the taken port ordered nothing");
        Assert.That(sandbox.State.WebhookSubscriptions, Is.Empty);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task RunAsync_EveryPortTaken_GivesUpAfterFiveRunsWithTheDemosOutput(CancellationToken cancellationToken)
    {
        await using var sandbox = await SandboxServer.StartAsync(cancellationToken: cancellationToken);
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var takenPort = ((IPEndPoint)taken.LocalEndpoint).Port;
        var runs = 0;

        var failure = Assert.ThrowsAsync<LoopbackPortTakenException>(() => DemoWebhookPort.RunAsync(
            (port, output) =>
            {
                runs++;
                return DemoRunner.RunAsync(output, Settings(sandbox.ApiKey, sandbox.BaseAddress, port), cancellationToken);
            },
            () => takenPort));

        Assert.That(runs, Is.EqualTo(5));
        Assert.That(failure!.Message, Does.Contain(DemoWebhookPort.TakenPortVerdict(takenPort)), "the demo's real output is what is recognised");
        Assert.That(sandbox.State.WebhookSubscriptions, Is.Empty);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task RunAsync_DemoFailsForAnotherReasonWithExit1_ReturnsThatFailureAfterOneRun(CancellationToken cancellationToken)
    {
        var options = new SandboxOptions();
        options.Wallet.InitialBalance = 0m;
        await using var sandbox = await SandboxServer.StartAsync(options, cancellationToken);
        var runs = 0;

        var (exitCode, output, port) = await DemoWebhookPort.RunAsync((port, output) =>
        {
            runs++;
            return DemoRunner.RunAsync(output, Settings(sandbox.ApiKey, sandbox.BaseAddress, port), cancellationToken);
        });

        Assert.That(runs, Is.EqualTo(1));
        Assert.That(exitCode, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain($"Receiver listening on http://127.0.0.1:{port}{WebhookPath}").And.Contain("The wallet cannot pay for the order"));
    }

    private static DemoSettings Settings(string apiKey, Uri baseUrl, int webhookPort) =>
        DemoSettings.FromEnvironment(name => name switch
        {
            "UGIFTME_API_KEY" => apiKey,
            "UGIFTME_BASE_URL" => baseUrl.ToString(),
            "UGIFTME_WEBHOOK_URL" => $"http://127.0.0.1:{webhookPort}{WebhookPath}",
            "UGIFTME_WEBHOOK_PORT" => webhookPort.ToString(CultureInfo.InvariantCulture),
            _ => null,
        });
}
