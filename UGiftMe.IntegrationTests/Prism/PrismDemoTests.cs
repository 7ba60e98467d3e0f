using UGiftMe.ContractTesting.Prism;
using UGiftMe.Demo;

namespace UGiftMe.IntegrationTests.Prism;

/// <summary>
/// The demo, validated by a second, independent implementation of the spec (Stoplight Prism, pinned in package.json):
/// once through <c>prism proxy --errors</c> in front of the sandbox (every request and response the SDK and the sandbox
/// exchange is checked by Prism, with webhooks on and async orders), once against <c>prism mock</c>, which answers only
/// from the spec's own examples, so the spec alone is enough to run an integration. Real time, bounded by CancelAfter.
/// </summary>
[NonParallelizable]
public class PrismDemoTests
{
    private const string WebhookPath = "/webhooks/ugiftme";

    [Test]
    [CancelAfter(120_000)]
    public async Task Demo_ThroughPrismProxyInFrontOfTheSandbox_RunsEveryStepWithNoViolation(CancellationToken cancellationToken)
    {
        var options = new SandboxOptions { OrdersAsync = true };
        options.OrderWorker.QueuedDuration = TimeSpan.FromMilliseconds(300);
        options.OrderWorker.ProcessingDuration = TimeSpan.FromMilliseconds(300);
        options.Wallet.InitialBalance = 500m;
        await using var sandbox = await SandboxServer.StartAsync(options, cancellationToken);
        await using var prism = await PrismServer.StartProxyAsync(PrismServer.FindBusinessApiSpec(), sandbox.BaseAddress, cancellationToken);

        var (exitCode, text, _) = await DemoWebhookPort.RunAsync((port, output) =>
            DemoRunner.RunAsync(output, Settings(sandbox.ApiKey, prism.BaseAddress, new Uri($"http://127.0.0.1:{port}{WebhookPath}"), port), cancellationToken));

        TestContext.Out.WriteLine(text);
        Assert.That(exitCode, Is.Zero, text + string.Join(Environment.NewLine, prism.Output));
        Assert.That(text, Does.Contain("UGiftMe answered 202: queued as order request").And.Contain("verified order.succeeded").And.Contain("Done: every step succeeded."));
        Assert.That(prism.Violations, Is.Empty, string.Join(Environment.NewLine, prism.Output));
        Assert.That(prism.Output.Count(line => line.Contains("Request received", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(12), "the demo's traffic must have gone through Prism");
        Assert.That(sandbox.State.Orders, Has.Count.EqualTo(1));
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Demo_AgainstPrismMockOfTheSpecsExamples_RunsToTheEnd(CancellationToken cancellationToken)
    {
        await using var prism = await PrismServer.StartMockAsync(PrismServer.FindBusinessApiSpec(), cancellationToken);
        using var output = new StringWriter();

        var exitCode = await DemoRunner.RunAsync(output, Settings("6b4e22b2-c0a5-4c7a-888a-b38eac20b454", prism.BaseAddress), cancellationToken);

        var text = output.ToString();
        TestContext.Out.WriteLine(text);
        Assert.That(exitCode, Is.Zero, text + string.Join(Environment.NewLine, prism.Output));
        // Values from the docs' examples, not Prism's "string" and 0 placeholders.
        Assert.That(text, Does.Contain("Key accepted: Example Retail Ltd").And.Contain("Merchants:  Amazon UK").And.Contain("AMAZON_UK_STD"));
        Assert.That(text, Does.Contain("UGiftMe answered 201: created at once").And.Contain("the same one - no second gift card"));
        Assert.That(text, Does.Contain("Ledger: ").And.Contain("purchase 50.00 GBP for order 65b0d1e2f3a4b56789012345"));
        Assert.That(text, Does.Contain("Done: every step succeeded."));
        Assert.That(text, Does.Not.Contain(" string ").And.Not.Contain("string,"), "an example is missing somewhere: Prism made one up");
        Assert.That(prism.Violations, Is.Empty, string.Join(Environment.NewLine, prism.Output));
    }

    private static DemoSettings Settings(string apiKey, Uri baseUrl, Uri? webhookUrl = null, int? webhookPort = null) =>
        DemoSettings.FromEnvironment(name => name switch
        {
            "UGIFTME_API_KEY" => apiKey,
            "UGIFTME_BASE_URL" => baseUrl.ToString(),
            "UGIFTME_WEBHOOK_URL" => webhookUrl?.ToString(),
            "UGIFTME_WEBHOOK_PORT" => webhookPort?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => null,
        });
}
