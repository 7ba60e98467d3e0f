using Microsoft.Extensions.Time.Testing;
using UGiftMe.Sandbox;
using UGiftMe.Testing;

namespace UGiftMe.PackageTests.Snippets;

/// <summary>
/// Samples that must run, not only compile: each runs whole, exactly as printed (<see cref="SnippetRunner"/>), in one
/// test, with the set-up its text describes. A sample that hangs fails at <c>CancelAfter</c> instead of hanging the run.
/// </summary>
public sealed class DocumentationSampleRunTests
{
    [Test]
    [CancelAfter(60_000)]
    public async Task TimeYouControl_RunWholeInOneTest_RunsEveryStepOnTheFakeClock(CancellationToken cancellationToken)
    {
        var sample = MarkdownSnippets.Under("docs/testing.md", "## Time you control");
        var time = new FakeTimeProvider();
        await using var sandbox = await UGiftMeSandbox.StartAsync(new SandboxOptions { TimeProvider = time }, cancellationToken);
        using var client = sandbox.CreateClient();

        var run = SnippetRunner.RunAsync(sample, SnippetCompiler.TestProjectUsings(sample),
            new Dictionary<string, object?> { ["time"] = time, ["sandbox"] = sandbox, ["client"] = client });
        try
        {
            await run.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Assert.Fail($"{sample} never finished; timers pending on the sandbox clock: {string.Join(", ", sandbox.Clock.PendingTimers)}");
        }

        Assert.That(sandbox.Traffic.To("POST", "/orders").Select(r => r.StatusCode), Is.EqualTo(new int?[] { 202, null, 202 }), "a queued order, then a lost answer and its resend");
        Assert.That(sandbox.Orders.All, Has.Count.EqualTo(2), "the resend replayed the order made by the lost call");
        Assert.That(sandbox.Traffic.To("GET", "/products").Select(r => r.StatusCode), Is.EqualTo(new int?[] { 429, 200 }));
        Assert.That(sandbox.Traffic.Requests.Count(r => r.Delayed), Is.EqualTo(1));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task WebhookReceiver_RunAsPrinted_StartsListening(CancellationToken cancellationToken)
    {
        var sample = MarkdownSnippets.Under("docs/webhooks.md", "## ASP.NET Core: a receiver in a few lines");

        var started = await SnippetRunner.RunAsync(sample, SnippetCompiler.WebUsings, new Dictionary<string, object?>(),
            ["--urls=http://127.0.0.1:0", "--UGiftMe:Webhooks:Secrets:0=sample-secret"], stopAppOnceStarted: true).WaitAsync(cancellationToken);

        Assert.That(started, Is.EqualTo(1), "the sample's app started (and was then stopped)");
    }
}
