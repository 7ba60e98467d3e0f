using UGiftMe.Demo;

namespace UGiftMe.IntegrationTests.Demo;

/// <summary>The demo's last step (issue 14), run in-process: the sandbox's signed webhook ends the wait on 127.0.0.1.</summary>
public class WebhookCompletionStepTests
{
    [Test]
    [CancelAfter(60_000)]
    public async Task RunAsync_LocalSandbox_TheWebhookEndsTheWaitWithoutAStatusPoll(CancellationToken cancellationToken)
    {
        using var output = new StringWriter();

        var exitCode = await WebhookCompletionStep.RunAsync(output, cancellationToken);

        var text = output.ToString();
        TestContext.Out.WriteLine(text);
        Assert.That(exitCode, Is.Zero, text);
        Assert.That(text, Does.Contain("Last step. Let the webhook end the wait"));
        Assert.That(text, Does.Match(@"Order request \w+: order \w+ active after \d+\.\d s"));
        Assert.That(text, Does.Match(@"The wait ended \d+ ms after the verified order\.succeeded arrived, with 0 status polls"));
        Assert.That(text, Does.Not.Contain(SandboxOptions.DefaultApiKey), "The API key must never be printed.");
    }
}
