namespace UGiftMe.IntegrationTests.Campaigns;

/// <summary>
/// The client's pacer against the sandbox's limiter (a fixed window per key): a campaign and the other calls of the
/// same client stay within the allowance the headers report. Client and sandbox share a <see cref="TestClock"/>, moved
/// only while the client is parked (<see cref="TestClock.RunParkedAsync(Task)"/>), so the windows a request falls in
/// depend on the pacer alone, never on the machine's speed.
/// </summary>
public class CampaignPacingTests : IntegrationTest
{
    private const int PermitLimit = 10;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(2);

    [Test]
    public async Task RunAsync_MoreCreatesThanOneWindowAllows_SpreadsThemOverTheWindowsWithoutA429()
    {
        var clock = new TestClock();
        var harness = await StartAsync(Limited, clock: clock);
        var started = clock.GetUtcNow();
        var reports = new List<CampaignProgress>();
        var campaign = new Campaign(harness.Client, new CampaignOptions { CampaignId = "paced", Progress = new SynchronousProgress(reports) });

        var collecting = campaign.CollectAsync(CampaignItems.Amazon(20));
        await clock.RunParkedAsync(collecting);
        var outcomes = await collecting;

        Assert.That(outcomes.Select(o => o.Kind), Is.EqualTo(Enumerable.Repeat(CampaignOutcomeKind.Placed, 20)));
        Assert.That(harness.Statuses.Count(429), Is.Zero, "no 429");
        Assert.That(reports[^1].RateLimitedResponses, Is.Zero);
        Assert.That(reports[^1].CardsPlaced, Is.EqualTo(20));
        Assert.That(reports.Select(r => r.ItemsDone), Is.Ordered);
        Assert.That(clock.GetUtcNow() - started, Is.GreaterThanOrEqualTo(MinimumTime(harness)), "the requests were spread over the windows they need");
    }

    [Test]
    public async Task OtherCalls_DuringACampaign_ShareTheClientsBudget()
    {
        var clock = new TestClock();
        var harness = await StartAsync(Limited, clock: clock);
        var started = clock.GetUtcNow();
        var campaign = new Campaign(harness.Client, new CampaignOptions { CampaignId = "shared", MaxConcurrency = 2 });

        var run = campaign.CollectAsync(CampaignItems.Amazon(10));
        var reads = Task.WhenAll(Enumerable.Range(0, 6).Select(_ => harness.Client.Wallet.ListAsync()));
        await clock.RunParkedAsync(Task.WhenAll(run, reads));

        Assert.That((await run).Select(o => o.Kind), Is.EqualTo(Enumerable.Repeat(CampaignOutcomeKind.Placed, 10)));
        Assert.That(harness.Statuses.Count(429), Is.Zero, "no 429");
        Assert.That(clock.GetUtcNow() - started, Is.GreaterThanOrEqualTo(MinimumTime(harness)), "the requests were spread over the windows they need");
    }

    private static void Limited(SandboxOptions sandbox)
    {
        sandbox.RateLimit.Enabled = true;
        sandbox.RateLimit.PermitLimit = PermitLimit;
        sandbox.RateLimit.Window = Window;
    }

    /// <summary>The least time the requests the sandbox answered can take within the limit: one window per full allowance after the first.</summary>
    private static TimeSpan MinimumTime(SdkHarness harness)
    {
        var answered = harness.Statuses.Count(HttpMethod.Get, status => status != 429) + harness.Statuses.Count(HttpMethod.Post, status => status != 429);
        return Window * ((answered - 1) / PermitLimit);
    }

    private sealed class SynchronousProgress(List<CampaignProgress> reports) : IProgress<CampaignProgress>
    {
        public void Report(CampaignProgress value) => reports.Add(value);
    }
}
