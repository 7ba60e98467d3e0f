using UGiftMe.Demo;

namespace UGiftMe.IntegrationTests.Demo;

/// <summary>The README's run command, run in-process: its flow is DemoRunner.RunAsync.</summary>
public class DemoRunnerTests
{
    [Test]
    [CancelAfter(60_000)]
    public async Task RunAsync_NoApiKey_RunsEveryStepAgainstTheLocalSandboxAndExits0(CancellationToken cancellationToken)
    {
        using var output = new StringWriter();

        var exitCode = await DemoRunner.RunAsync(output, DemoSettings.FromEnvironment(_ => null), cancellationToken);

        var text = output.ToString();
        TestContext.Out.WriteLine(text);
        Assert.That(exitCode, Is.Zero, text);
        Assert.That(text, Does.Contain("1. Verify the API key").And.Contain("Key accepted: Example Retail Ltd"));
        Assert.That(text, Does.Contain("2. Browse the catalog").And.Contain("Merchants:  Amazon UK, John Lewis, Tesco").And.Contain("AMAZON_UK_STD"));
        Assert.That(text, Does.Contain("3. Check the wallet").And.Contain("Balance: 500.00 GBP"));
        Assert.That(text, Does.Contain("4. Subscribe a webhook receiver").And.Contain("Test delivery (POST /webhooks/test): receiver answered 200"));
        Assert.That(text, Does.Contain("5. Order a gift card").And.Contain("UGiftMe answered 202: queued as order request"));
        Assert.That(text, Does.Match(@"\[\+\d+\.\ds\] queued[\s\S]*\[\+\d+\.\ds\] processing[\s\S]*\[\+\d+\.\ds\] succeeded"));
        Assert.That(text, Does.Contain("the same one - no second gift card"));
        Assert.That(text, Does.Contain("6. See the wallet debited").And.Contain("Balance: 500.00 -> 475.00 GBP").And.Contain("purchase 25.00 GBP for order"));
        Assert.That(text, Does.Contain("7. Receive the signed webhooks").And.Contain("verified order.succeeded").And.Contain("verified wallet.updated"));
        Assert.That(text, Does.Contain("8. Let the webhook end the wait"));
        Assert.That(text, Does.Match(@"Order request \w+: order \w+ active after \d+\.\d s"));
        Assert.That(text, Does.Match(@"The wait ended \d+ ms after the verified order\.succeeded arrived, with 0 status polls"));
        Assert.That(text.IndexOf("8. Let the webhook end the wait", StringComparison.Ordinal),
            Is.LessThan(text.IndexOf("Done: every step succeeded.", StringComparison.Ordinal)), "the webhook step is a step, before the verdict");
        Assert.That(text.TrimEnd(), Does.EndWith("Done: every step succeeded."));
        Assert.That(text, Does.Not.Contain(SandboxOptions.DefaultApiKey), "The API key must never be printed.");
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task RunAsync_WrongApiKey_Exits2WithAClearMessageAndWithoutTheKey(CancellationToken cancellationToken)
    {
        await using var sandbox = await SandboxServer.StartAsync(cancellationToken: cancellationToken);
        const string wrongKey = "11111111-2222-3333-4444-555555555555";
        using var output = new StringWriter();

        var exitCode = await DemoRunner.RunAsync(output, Settings(wrongKey, sandbox.BaseAddress), cancellationToken);

        var text = output.ToString();
        Assert.That(exitCode, Is.EqualTo(2), text);
        Assert.That(text, Does.Contain("UGiftMe rejected the API key (HTTP 401: Invalid API key - Key not recognised)"));
        Assert.That(text, Does.Contain("Check UGIFTME_API_KEY"));
        Assert.That(text, Does.Not.Contain("2. Browse the catalog"));
        Assert.That(text, Does.Not.Contain(wrongKey));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task RunAsync_RealAccountWithoutWebhookUrl_SkipsTheWebhookStepsExplainingWhyAndExits0(CancellationToken cancellationToken)
    {
        // A "real account" here is a sync-mode sandbox reached like UGiftMe would be: by key and base URL.
        await using var sandbox = await SandboxServer.StartAsync(cancellationToken: cancellationToken);
        using var output = new StringWriter();

        var exitCode = await DemoRunner.RunAsync(output, Settings(sandbox.ApiKey, sandbox.BaseAddress), cancellationToken);

        var text = output.ToString();
        Assert.That(exitCode, Is.Zero, text);
        Assert.That(text, Does.Contain("Skipped: UGiftMe cannot reach a receiver on this machine. Set UGIFTME_WEBHOOK_URL"));
        Assert.That(text, Does.Contain("UGiftMe answered 201: created at once"));
        Assert.That(text, Does.Not.Contain("7. Receive the signed webhooks"));
        Assert.That(sandbox.State.Orders, Has.Count.EqualTo(1), "the resend with the same reference must not order twice");
        Assert.That(text, Does.Not.Contain(sandbox.ApiKey));
    }

    [Test]
    public async Task RunAsync_InvalidEnvironmentVariables_Exits2NamingEachVariable()
    {
        var settings = DemoSettings.FromEnvironment(name => name switch
        {
            "UGIFTME_API_KEY" => "key",
            "UGIFTME_ENVIRONMENT" => "staging",
            "UGIFTME_BASE_URL" => "not a url",
            _ => null,
        });
        using var output = new StringWriter();

        var exitCode = await DemoRunner.RunAsync(output, settings);

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(output.ToString(), Does.Contain("UGIFTME_ENVIRONMENT must be 'sandbox' or 'production'").And.Contain("UGIFTME_BASE_URL must be an absolute http(s) URL"));
    }

    [TestCase(null, false)]
    [TestCase("no", false)]
    [TestCase("yes", true)]
    public void FromEnvironment_Production_PlacesAnOrderOnlyWhenConfirmed(string? confirmation, bool placesOrder)
    {
        var settings = DemoSettings.FromEnvironment(name => name switch
        {
            "UGIFTME_API_KEY" => "demo-secret-key-123",
            "UGIFTME_ENVIRONMENT" => "Production",
            "UGIFTME_DEMO_PLACE_ORDER" => confirmation,
            _ => null,
        });

        Assert.That(settings.Problems, Is.Empty);
        Assert.That(settings.Environment, Is.EqualTo(UGiftMeEnvironment.Production));
        Assert.That(settings.PlacesOrder, Is.EqualTo(placesOrder));
        Assert.That(settings.ToString(), Does.Not.Contain("demo-secret-key-123").And.Contain("ApiKey = <set>"));
    }

    private static DemoSettings Settings(string apiKey, Uri baseUrl) =>
        DemoSettings.FromEnvironment(name => name switch
        {
            "UGIFTME_API_KEY" => apiKey,
            "UGIFTME_BASE_URL" => baseUrl.ToString(),
            _ => null,
        });
}
