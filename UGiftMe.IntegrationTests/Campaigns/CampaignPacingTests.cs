namespace UGiftMe.IntegrationTests.Campaigns;

/// <summary>
/// The client's pacer against the sandbox's limiter (a fixed window per key): a campaign and the other calls of the
/// same client stay within the allowance the headers report. Client and sandbox share a <see cref="TestClock"/>, moved
/// only while the client is parked (<see cref="TestClock.RunParkedAsync(Task, Func{int})"/>), so the windows a request falls in
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

    [Test]
    public async Task Progress_OfAResumedRunAndOfARunAgain_CountsOnlyTheItemsThisRunSent()
    {
        var clock = new TestClock();
        var harness = await StartAsync(Limited, clock: clock);
        var journal = new InMemoryCampaignJournal();
        var items = CampaignItems.Amazon(15);
        var earlier = new Campaign(harness.Client, new CampaignOptions { CampaignId = "resumed", Journal = journal });
        var first = earlier.CollectAsync(items.Take(5).ToList());
        await clock.RunParkedAsync(first);

        // A new instance resumes: the 5 recorded items come from the journal, the next 5 are sent.
        var reports = new List<(CampaignProgress Progress, TimeSpan Elapsed)>();
        var progress = new SynchronousProgress(reports, clock, clock.GetTimestamp());
        var resumed = new Campaign(harness.Client, new CampaignOptions { CampaignId = "resumed", Journal = journal, MaxConcurrency = 1, Progress = progress });
        var second = resumed.CollectAsync(items.Take(10).ToList());
        await clock.RunParkedAsync(second);

        Assert.That((await second).Count(o => o.FromEarlierRun), Is.EqualTo(5));
        AssertRateCountsOnlySent(reports, itemCount: 10, fromJournal: 5);

        // The same instance runs again over 5 more: what its first run did is not this run's work.
        reports.Clear();
        progress.RestartAt(clock.GetTimestamp());
        var third = resumed.CollectAsync(items.Skip(10).ToList());
        await clock.RunParkedAsync(third);

        Assert.That((await third).Select(o => o.Kind), Is.All.EqualTo(CampaignOutcomeKind.Placed));
        AssertRateCountsOnlySent(reports, itemCount: 5, fromJournal: 0);
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

    /// <summary>
    /// Each report's rate is the items this run sent requests for over the run's time so far, and its estimate is the
    /// run's items still without an outcome at that rate. <paramref name="fromJournal"/> of this run's came from the
    /// journal, unsent. A run again of the same instance starts from zero (its summary is the run's).
    /// </summary>
    private static void AssertRateCountsOnlySent(List<(CampaignProgress Progress, TimeSpan Elapsed)> reports, int itemCount, int fromJournal)
    {
        var timed = reports.Where(r => r.Elapsed > TimeSpan.Zero && r.Progress.ItemsDone > fromJournal).ToList();
        Assert.That(timed, Is.Not.Empty, "the pacer spread the run's requests over time");
        foreach (var (progress, elapsed) in timed)
        {
            var doneInThisRun = progress.ItemsDone;
            var sent = doneInThisRun - fromJournal;
            var rate = sent / elapsed.TotalMinutes;
            Assert.That(progress.ItemsPerMinute, Is.EqualTo(rate).Within(1e-9).Percent, $"after {sent} items sent in {elapsed}");
            Assert.That(progress.EstimatedRemaining!.Value.TotalMinutes, Is.EqualTo((itemCount - doneInThisRun) / rate).Within(1e-6), $"after {sent} items sent in {elapsed}");
        }
    }

    private sealed class SynchronousProgress(List<CampaignProgress> reports) : IProgress<CampaignProgress>
    {
        private readonly List<(CampaignProgress, TimeSpan)>? _timed;
        private readonly TimeProvider? _clock;
        private long _started;

        /// <summary>Records each report with the time since <paramref name="started"/> on <paramref name="clock"/>.</summary>
        public SynchronousProgress(List<(CampaignProgress, TimeSpan)> timed, TimeProvider clock, long started)
            : this([])
        {
            _timed = timed;
            _clock = clock;
            _started = started;
        }

        public void RestartAt(long started) => _started = started;

        public void Report(CampaignProgress value)
        {
            reports.Add(value);
            _timed?.Add((value, _clock!.GetElapsedTime(_started)));
        }
    }
}
