namespace UGiftMe.IntegrationTests.Campaigns;

/// <summary>
/// The client's pacer against the sandbox's real limiter (ASP.NET Core's fixed window, on the real clock): a campaign
/// and the other calls of the same client stay within the allowance the headers report.
/// </summary>
public class CampaignPacingTests : IntegrationTest
{
    [Test]
    public async Task RunAsync_MoreCreatesThanOneWindowAllows_SpreadsThemOverTheWindowsWithoutA429()
    {
        var harness = await StartAsync(sandbox =>
        {
            sandbox.RateLimit.Enabled = true;
            sandbox.RateLimit.PermitLimit = 10;
            sandbox.RateLimit.Window = TimeSpan.FromSeconds(2);
        });
        var reports = new List<CampaignProgress>();
        var campaign = new Campaign(harness.Client, new CampaignOptions { CampaignId = "paced", Progress = new SynchronousProgress(reports) });

        var outcomes = await campaign.CollectAsync(CampaignItems.Amazon(20));

        Assert.That(outcomes.Select(o => o.Kind), Is.EqualTo(Enumerable.Repeat(CampaignOutcomeKind.Placed, 20)));
        Assert.That(harness.Statuses.Count(429), Is.LessThanOrEqualTo(1), "at most one window boundary misjudged");
        Assert.That(reports[^1].RateLimitedResponses, Is.EqualTo(harness.Statuses.Count(429)));
        Assert.That(reports[^1].CardsPlaced, Is.EqualTo(20));
        Assert.That(reports.Select(r => r.ItemsDone), Is.Ordered);
    }

    [Test]
    public async Task OtherCalls_DuringACampaign_ShareTheClientsBudget()
    {
        var harness = await StartAsync(sandbox =>
        {
            sandbox.RateLimit.Enabled = true;
            sandbox.RateLimit.PermitLimit = 10;
            sandbox.RateLimit.Window = TimeSpan.FromSeconds(2);
        });
        var campaign = new Campaign(harness.Client, new CampaignOptions { CampaignId = "shared", MaxConcurrency = 2 });

        var run = campaign.CollectAsync(CampaignItems.Amazon(10));
        var reads = Task.WhenAll(Enumerable.Range(0, 6).Select(_ => harness.Client.Wallet.ListAsync()));
        await Task.WhenAll(run, reads);

        Assert.That((await run).Select(o => o.Kind), Is.EqualTo(Enumerable.Repeat(CampaignOutcomeKind.Placed, 10)));
        Assert.That(harness.Statuses.Count(429), Is.LessThanOrEqualTo(1));
    }

    private sealed class SynchronousProgress(List<CampaignProgress> reports) : IProgress<CampaignProgress>
    {
        public void Report(CampaignProgress value) => reports.Add(value);
    }
}
