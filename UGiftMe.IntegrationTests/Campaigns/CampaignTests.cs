namespace UGiftMe.IntegrationTests.Campaigns;

/// <summary>Campaigns against the sandbox: exactly one card per reference through partial success, 402s, lost answers and re-runs.</summary>
public class CampaignTests : IntegrationTest
{
    /// <summary>The sandbox's limit, high enough that the pacer's even spacing (10 ms) keeps the tests quick.</summary>
    private static void Limited(SandboxOptions sandbox)
    {
        sandbox.RateLimit.Enabled = true;
        sandbox.RateLimit.PermitLimit = 6000;
    }

    [Test]
    public async Task RunAsync_SingleOrders_PlacesEachReferenceOnce_ReRunReadsTheJournalWithoutACreate()
    {
        var harness = await StartAsync(Limited);
        var journal = new InMemoryCampaignJournal();
        var items = CampaignItems.Amazon(12);

        var first = new Campaign(harness.Client, new CampaignOptions { CampaignId = "thanks", Journal = journal });
        var outcomes = await first.CollectAsync(items);
        var again = new Campaign(harness.Client, new CampaignOptions { CampaignId = "thanks", Journal = journal });
        var replayed = await again.CollectAsync(items);

        Assert.That(outcomes.Select(o => o.Reference), Is.EquivalentTo(items.Select(i => i.Reference)));
        Assert.That(outcomes.Select(o => o.Kind), Is.All.EqualTo(CampaignOutcomeKind.Placed));
        Assert.That(outcomes.Select(o => o.OrderId), Is.EquivalentTo(harness.Sandbox.State.Orders.Select(o => o.Id)));
        Assert.That(outcomes[0].IdempotencyKey, Is.EqualTo(IdempotencyKey.FromReference(outcomes[0].Reference)), "a single card's key is its reference's");
        Assert.That(first.Summary.Placed, Is.EqualTo(12));
        Assert.That(first.Summary.ValueSpent, Is.EqualTo(120m));
        Assert.That(first.Summary.CreateRequests, Is.EqualTo(12));
        Assert.That(replayed.Select(o => o.FromEarlierRun), Is.All.True);
        Assert.That(replayed.Select(o => o.OrderId), Is.EquivalentTo(outcomes.Select(o => o.OrderId)));
        Assert.That(again.Summary.CreateRequests, Is.Zero);
        Assert.That(again.Summary.IsFinished, Is.True);
        Assert.That(CampaignItems.CardsPerReference(harness.Sandbox).Values, Is.EqualTo(Enumerable.Repeat(1, 12)));
    }

    [Test]
    public async Task RunAsync_BulkGroupsWithUnknownProducts_PlacesTheValidItemsAndRejectsTheOthersWithTheirReason()
    {
        var harness = await StartAsync(Limited);
        List<CampaignItem> items =
        [
            CampaignItems.Item("a", "AMAZON_UK_STD", "Amazon UK", 10m),
            CampaignItems.Item("b", "NO_SUCH_PRODUCT", "Nobody", 10m),
            CampaignItems.Item("c", "TESCO-GBP-50", "Tesco", 50m),
            CampaignItems.Item("d", "AMAZON_UK_STD", "Amazon UK", 20m),
            CampaignItems.Item("e", "NO_SUCH_PRODUCT", "Nobody", 10m),
        ];

        var campaign = new Campaign(harness.Client, new CampaignOptions { CampaignId = "mixed", GroupSize = 5 });
        var outcomes = (await campaign.CollectAsync(items)).ToDictionary(o => o.Reference);

        Assert.That(outcomes.Values.Select(o => o.Kind), Is.EqualTo(new[] { CampaignOutcomeKind.Placed, CampaignOutcomeKind.Rejected, CampaignOutcomeKind.Placed, CampaignOutcomeKind.Placed, CampaignOutcomeKind.Rejected }));
        Assert.That(outcomes["b"].Reason, Is.EqualTo("Product not found"));
        var cards = harness.Sandbox.State.Orders.ToDictionary(o => o.Id);
        Assert.That(new[] { "a", "c", "d" }.Select(r => cards[outcomes[r].OrderId!].RecipientEmail), Is.EqualTo(new[] { "a@example.com", "c@example.com", "d@example.com" }));
        Assert.That(campaign.Summary.CreateRequests, Is.EqualTo(1));
        Assert.That(campaign.Summary.IsFinished, Is.True);
        Assert.That(outcomes["a"].IdempotencyKey, Is.EqualTo(harness.Sandbox.State.Orders[0].IdempotencyKey));
    }

    [Test]
    public async Task RunAsync_402Midway_StopsSendingReportsWhatIsPlaced_ResumesAfterTopUpWithTheNextAttempt()
    {
        var harness = await StartAsync(sandbox =>
        {
            Limited(sandbox);
            sandbox.Wallet.InitialBalance = 100m;
        });
        var journal = new InMemoryCampaignJournal();
        var items = CampaignItems.Amazon(10, value: 20m);
        var options = new CampaignOptions { CampaignId = "funds", Journal = journal, MaxConcurrency = 1 };

        var first = new Campaign(harness.Client, options);
        var outcomes = await first.CollectAsync(items);
        var ordersAfterStop = harness.Sandbox.State.Orders.Count;
        harness.Sandbox.FundWallet(200m);
        var resumed = new Campaign(harness.Client, options);
        var resumedOutcomes = await resumed.CollectAsync(items);

        Assert.That(outcomes.Select(o => o.Kind), Is.EqualTo(
            Enumerable.Repeat(CampaignOutcomeKind.Placed, 5).Append(CampaignOutcomeKind.InsufficientFunds).Concat(Enumerable.Repeat(CampaignOutcomeKind.NotSent, 4))));
        Assert.That(first.Summary.StoppedForFunds, Is.True);
        Assert.That(first.Summary.Shortfall, Is.EqualTo(100m), "what finishes the campaign: the five cards not placed, against the empty wallet the 402 reported, not the one refused card's 20");
        Assert.That(first.Summary.CreateRequests, Is.EqualTo(6), "nothing sent after the 402");
        Assert.That(ordersAfterStop, Is.EqualTo(5));
        var unfunded = resumedOutcomes.Single(o => o.Reference == outcomes[5].Reference);
        Assert.That(unfunded.Kind, Is.EqualTo(CampaignOutcomeKind.Placed));
        Assert.That(unfunded.Attempt, Is.EqualTo(2));
        Assert.That(unfunded.IdempotencyKey, Is.EqualTo(IdempotencyKey.NextAttempt(outcomes[5].IdempotencyKey!)));
        Assert.That(resumed.Summary.FromEarlierRuns, Is.EqualTo(5));
        Assert.That(resumed.Summary.CreateRequests, Is.EqualTo(5));
        Assert.That(resumed.Summary.IsFinished, Is.True);
        Assert.That(CampaignItems.CardsPerReference(harness.Sandbox).Values, Is.EqualTo(Enumerable.Repeat(1, 10)));
    }

    [Test]
    public async Task RunAsync_EveryAnswerOfAGroupLost_ReportsUnknown_ReRunResendsTheSameKeyAndGetsTheCardsWithoutDuplicates()
    {
        var harness = await StartAsync(Limited, client => client.Retry.BaseDelay = TimeSpan.FromMilliseconds(1));
        var journal = new InMemoryCampaignJournal();
        var items = CampaignItems.Amazon(6);
        var options = new CampaignOptions { CampaignId = "lost", Journal = journal, GroupSize = 3, MaxConcurrency = 1 };
        // The first group's request and its three retries all do the work and lose the answer.
        harness.Sandbox.Faults.Enqueue(Enumerable.Repeat(SandboxFault.DropAnswerAfterWork, 4));

        var first = new Campaign(harness.Client, options);
        var outcomes = await first.CollectAsync(items);
        var cardsAfterFirst = harness.Sandbox.State.Orders.Count;
        var again = new Campaign(harness.Client, options);
        var resent = await again.CollectAsync(items);

        var lost = outcomes.Where(o => o.Kind == CampaignOutcomeKind.Unknown).ToList();
        Assert.That(lost.Select(o => o.Reference), Is.EqualTo(new[] { "emp-0001", "emp-0002", "emp-0003" }));
        Assert.That(cardsAfterFirst, Is.EqualTo(6), "the lost group's cards exist");
        Assert.That(resent.Where(o => !o.FromEarlierRun).Select(o => (o.Reference, o.Kind, o.IdempotencyKey)),
            Is.EqualTo(lost.Select(o => (o.Reference, CampaignOutcomeKind.Placed, o.IdempotencyKey))));
        Assert.That(again.Summary.CreateRequests, Is.EqualTo(1), "one replay of the lost group, nothing for the finished one");
        Assert.That(CampaignItems.CardsPerReference(harness.Sandbox).Values, Is.EqualTo(Enumerable.Repeat(1, 6)));
    }

    [Test]
    public async Task RunAsync_AgainOnTheSameInstance_ResendsWhatWasUnknownReportsTheRestFromTheJournal_AndSummarizesThatRunAlone()
    {
        var harness = await StartAsync(Limited, client => client.Retry.BaseDelay = TimeSpan.FromMilliseconds(1));
        var items = CampaignItems.Amazon(6);
        var campaign = new Campaign(harness.Client, new CampaignOptions { CampaignId = "again", GroupSize = 3, MaxConcurrency = 1 });
        // The first group's request and its three retries all do the work and lose the answer.
        harness.Sandbox.Faults.Enqueue(Enumerable.Repeat(SandboxFault.DropAnswerAfterWork, 4));

        var outcomes = await campaign.CollectAsync(items);
        var firstSummary = campaign.Summary;
        var again = await campaign.CollectAsync(items);

        Assert.That(outcomes.Where(o => o.Kind == CampaignOutcomeKind.Unknown).Select(o => o.Reference), Is.EqualTo(new[] { "emp-0001", "emp-0002", "emp-0003" }));
        Assert.That(again.Select(o => o.Reference), Is.EquivalentTo(items.Select(i => i.Reference)), "every item has an outcome in the run again");
        Assert.That(again.Where(o => !o.FromEarlierRun).Select(o => (o.Reference, o.Kind)),
            Is.EquivalentTo(new[] { ("emp-0001", CampaignOutcomeKind.Placed), ("emp-0002", CampaignOutcomeKind.Placed), ("emp-0003", CampaignOutcomeKind.Placed) }));
        Assert.That((campaign.Summary.Items, campaign.Summary.FromEarlierRuns, campaign.Summary.CreateRequests, campaign.Summary.IsFinished), Is.EqualTo((6L, 3L, 1L, true)));
        Assert.That(campaign.Summary.ValueFromEarlierRuns * 2, Is.EqualTo(campaign.Summary.ValueSpent), "three equal cards of six came from the first run");
        Assert.That(campaign.Summary.ToString(), Does.EndWith(FormattableString.Invariant($"{campaign.Summary.ValueSpent} spent (3 items and {campaign.Summary.ValueFromEarlierRuns} of it from earlier runs)")));
        Assert.That((firstSummary.Items, firstSummary.Unknown, firstSummary.CreateRequests), Is.EqualTo((6L, 3L, 2L)), "the first run's summary is kept as it was");
        Assert.That(firstSummary.ToString(), Does.Not.Contain("earlier runs"));
        Assert.That(CampaignItems.CardsPerReference(harness.Sandbox).Values, Is.EqualTo(Enumerable.Repeat(1, 6)));
    }

    [Test]
    public async Task RunAsync_InvalidItemsAndARepeatedReference_RejectsThemBeforeSendingAndReportsTheRepeatOnce()
    {
        var harness = await StartAsync(Limited);
        List<CampaignItem> items =
        [
            CampaignItems.Item("ok", "AMAZON_UK_STD", "Amazon UK", 10m),
            CampaignItems.Item("free", "AMAZON_UK_STD", "Amazon UK", 0m),
            CampaignItems.Item("bad\nref", "AMAZON_UK_STD", "Amazon UK", 10m),
            CampaignItems.Item("ok", "AMAZON_UK_STD", "Amazon UK", 10m),
        ];

        var campaign = new Campaign(harness.Client, new CampaignOptions { CampaignId = "checks", GroupSize = 10 });
        var outcomes = await campaign.CollectAsync(items);

        Assert.That(outcomes.Select(o => (o.Reference, o.Kind)), Is.EquivalentTo(new[]
        {
            ("ok", CampaignOutcomeKind.Placed), ("free", CampaignOutcomeKind.Rejected), ("bad\nref", CampaignOutcomeKind.Rejected),
        }));
        Assert.That(outcomes.Single(o => o.Reference == "free").Reason, Does.Contain("ValuePurchased"));
        Assert.That(harness.Sandbox.State.Orders, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task RunAsync_CheckFundsFirstAndTheWalletShort_SendsNothingAndNamesTheShortfall()
    {
        var harness = await StartAsync(sandbox =>
        {
            Limited(sandbox);
            sandbox.Wallet.InitialBalance = 50m;
        });

        var campaign = new Campaign(harness.Client, new CampaignOptions { CampaignId = "precheck", CheckFundsFirst = true });
        var outcomes = await campaign.CollectAsync(CampaignItems.Amazon(8));

        Assert.That(outcomes.Select(o => o.Kind), Is.EqualTo(Enumerable.Repeat(CampaignOutcomeKind.NotSent, 8)));
        Assert.That(campaign.Summary.StoppedForFunds, Is.True);
        Assert.That(campaign.Summary.Shortfall, Is.EqualTo(30m));
        Assert.That(harness.Sandbox.State.Orders, Is.Empty);
    }

    [TestCase(false, TestName = "RunAsync_Stopped_FinishesWhatIsInFlightAndLeavesTheRestForTheNextRun(a new campaign)")]
    [TestCase(true, TestName = "RunAsync_Stopped_FinishesWhatIsInFlightAndLeavesTheRestForTheNextRun(the same campaign)")]
    public async Task RunAsync_Stopped_FinishesWhatIsInFlightAndLeavesTheRestForTheNextRun(bool sameInstance)
    {
        var harness = await StartAsync(Limited);
        var journal = new InMemoryCampaignJournal();
        var items = CampaignItems.Amazon(10);
        var options = new CampaignOptions { CampaignId = "stop", Journal = journal, MaxConcurrency = 1 };
        var first = new Campaign(harness.Client, options);
        var outcomes = new List<CampaignItemOutcome>();

        await foreach (var outcome in first.RunAsync(items))
        {
            outcomes.Add(outcome);
            if (outcomes.Count == 3)
            {
                first.Stop();
            }
        }

        var placed = outcomes.Count(o => o.Kind == CampaignOutcomeKind.Placed);
        var cardsAfterStop = harness.Sandbox.State.Orders.Count;
        var rest = await (sameInstance ? first : new Campaign(harness.Client, options)).CollectAsync(items);

        Assert.That(outcomes, Has.Count.EqualTo(10));
        Assert.That(outcomes.Skip(placed).Select(o => o.Kind), Is.All.EqualTo(CampaignOutcomeKind.NotSent));
        Assert.That(cardsAfterStop, Is.EqualTo(placed));
        Assert.That(rest.Count(o => o.FromEarlierRun), Is.EqualTo(placed));
        Assert.That(rest.Select(o => o.Kind), Is.All.EqualTo(CampaignOutcomeKind.Placed));
        Assert.That(CampaignItems.CardsPerReference(harness.Sandbox).Values, Is.EqualTo(Enumerable.Repeat(1, 10)));
    }

    [Test]
    public async Task RunAsync_QueuedRequestFailsForFunds_StopsAndResumesAfterTopUpWithTheNextAttempt()
    {
        var clock = new TestClock();
        var harness = await StartAsync(sandbox =>
        {
            Limited(sandbox);
            sandbox.OrdersAsync = true;
            sandbox.Wallet.InitialBalance = 25m;
        }, clock: clock);
        var journal = new InMemoryCampaignJournal();
        var items = CampaignItems.Amazon(4, value: 10m);
        var options = new CampaignOptions { CampaignId = "queued", Journal = journal, GroupSize = 2, MaxConcurrency = 1 };

        var first = new Campaign(harness.Client, options);
        var outcomes = await clock.RunAsync(first.CollectAsync(items));
        harness.Sandbox.FundWallet(100m);
        var resumed = new Campaign(harness.Client, options);
        var resumedOutcomes = await clock.RunAsync(resumed.CollectAsync(items));

        Assert.That(outcomes.Select(o => o.Kind), Is.EqualTo(new[]
        {
            CampaignOutcomeKind.Placed, CampaignOutcomeKind.Placed, CampaignOutcomeKind.InsufficientFunds, CampaignOutcomeKind.InsufficientFunds,
        }));
        Assert.That(outcomes[0].OrderRequestId, Is.Not.Null, "queued, then completed");
        Assert.That(first.Summary.StoppedForFunds, Is.True);
        Assert.That(resumedOutcomes.Where(o => !o.FromEarlierRun).Select(o => (o.Kind, o.Attempt)), Is.All.EqualTo((CampaignOutcomeKind.Placed, 2)));
        Assert.That(CampaignItems.CardsPerReference(harness.Sandbox).Values, Is.EqualTo(Enumerable.Repeat(1, 4)));
    }

    [Test]
    public async Task RunAsync_AnItemAnotherWorkerGroupedAtTheSameMoment_IsLeftToIt_AndItsOutcomeSaysSo()
    {
        var harness = await StartAsync(Limited);
        var item = CampaignItems.Amazon(1).Single();
        var key = IdempotencyKey.FromReference(item.Reference);
        var journal = new InMemoryCampaignJournal();
        // The other worker records its group between this worker's lookup of the item and its own attempt to record one.
        await journal.TryAddGroupAsync("race", new CampaignGroup
        {
            GroupId = key, IdempotencyKey = key, State = CampaignGroupState.Sending, RunId = "the-other-worker",
            Items = [new CampaignGroupItem { Reference = item.Reference, Order = item.Order }],
        }, CancellationToken.None);
        var campaign = new Campaign(harness.Client, new CampaignOptions { CampaignId = "race", Journal = new FirstLookupMisses(journal, item.Reference) });

        var outcome = (await campaign.CollectAsync([item])).Single();

        Assert.That(outcome.Kind, Is.EqualTo(CampaignOutcomeKind.Unknown));
        Assert.That(outcome.Reason, Does.StartWith("Another worker grouped this item at the same moment and sends it").And.Contain(key).And.Contain("run again"));
        Assert.That(campaign.Summary.CreateRequests, Is.Zero, "the other worker sends it");
        Assert.That(harness.Sandbox.State.Orders, Is.Empty);
        var wallet = (await harness.Client.Wallet.ListAsync()).Value.Single();
        Assert.That(wallet.Balance, Is.EqualTo(new SandboxOptions().Wallet.InitialBalance), "nothing was charged for it");
    }

    /// <summary>A journal whose first lookup of one reference finds nothing, as when another worker records it just after.</summary>
    private sealed class FirstLookupMisses(ICampaignJournal journal, string reference) : ICampaignJournal
    {
        private bool _missed;

        public Task<bool> TryAddGroupAsync(string campaignId, CampaignGroup group, CancellationToken cancellationToken) =>
            journal.TryAddGroupAsync(campaignId, group, cancellationToken);

        public Task UpdateGroupAsync(string campaignId, CampaignGroup group, CancellationToken cancellationToken) =>
            journal.UpdateGroupAsync(campaignId, group, cancellationToken);

        public Task<CampaignGroup?> FindGroupAsync(string campaignId, string lookedUp, CancellationToken cancellationToken)
        {
            if (lookedUp == reference && !_missed)
            {
                _missed = true;
                return Task.FromResult<CampaignGroup?>(null);
            }

            return journal.FindGroupAsync(campaignId, lookedUp, cancellationToken);
        }
    }
}
