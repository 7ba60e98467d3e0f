using UGiftMe.Models;
using UGiftMe.Sandbox;

namespace UGiftMe.Redis.Tests;

/// <summary>The campaign journal on a real Redis, shared by two workers (two connections, two clients).</summary>
[NonParallelizable]
public sealed class RedisCampaignJournalTests : TwoRedisConnections
{
    [Test]
    public async Task TwoWorkers_OneCampaignAtOnce_PlaceEveryReferenceExactlyOnce()
    {
        var options = new SandboxOptions();
        options.RateLimit.Enabled = true;
        options.RateLimit.PermitLimit = 6000;
        options.Wallet.InitialBalance = 10_000m;
        await using var sandbox = await SandboxServer.StartAsync(options);
        var campaignId = Guid.NewGuid().ToString("N");
        var items = Enumerable.Range(1, 40).Select(i => new CampaignItem($"r{i}", new CreateOrderRequest
        {
            ProductCode = "AMAZON_UK_STD", Merchant = "Amazon UK", Currency = "GBP", ValuePurchased = 10, RecipientEmail = $"r{i}@example.com",
        })).ToList();

        async Task<List<CampaignItemOutcome>> WorkerAsync(IEnumerable<CampaignItem> order, StackExchange.Redis.IConnectionMultiplexer redis)
        {
            using var client = new UGiftMeClient(new UGiftMeClientOptions { ApiKey = sandbox.ApiKey, BaseAddress = sandbox.ApiBaseAddress });
            var campaign = new Campaign(client, new CampaignOptions { CampaignId = campaignId, Journal = new RedisCampaignJournal(redis), GroupSize = 4 });
            var outcomes = new List<CampaignItemOutcome>();
            await foreach (var outcome in campaign.RunAsync(order))
            {
                outcomes.Add(outcome);
            }

            return outcomes;
        }

        var results = await Task.WhenAll(WorkerAsync(items, First), WorkerAsync(Enumerable.Reverse(items), Second));

        var cards = sandbox.State.Orders.GroupBy(o => o.RecipientEmail).Select(g => g.Count()).ToList();
        Assert.That(cards, Is.EqualTo(Enumerable.Repeat(1, 40)), "one card per reference");
        Assert.That(results.SelectMany(r => r).Where(o => !o.FromEarlierRun).Select(o => o.Kind), Is.All.EqualTo(CampaignOutcomeKind.Placed));
        Assert.That(results.SelectMany(r => r).Where(o => o is { Kind: CampaignOutcomeKind.Placed }).Select(o => o.Reference).Distinct().Count(), Is.EqualTo(40));
    }

    [Test]
    public async Task TryAddGroupAsync_AReferenceAnotherWorkerGrouped_IsRefusedAndLeavesNothingBehind()
    {
        var campaignId = Guid.NewGuid().ToString("N");
        var a = new RedisCampaignJournal(First);
        var b = new RedisCampaignJournal(Second);

        var first = await a.TryAddGroupAsync(campaignId, Group("g1", "x", "y"), CancellationToken.None);
        var overlapping = await b.TryAddGroupAsync(campaignId, Group("g2", "z", "y"), CancellationToken.None);
        var found = await b.FindGroupAsync(campaignId, "y", CancellationToken.None);
        var notGrouped = await a.FindGroupAsync(campaignId, "z", CancellationToken.None);

        Assert.That((first, overlapping), Is.EqualTo((true, false)));
        Assert.That(found!.GroupId, Is.EqualTo("g1"));
        Assert.That(notGrouped, Is.Null);
    }

    private static CampaignGroup Group(string id, params string[] references) => new()
    {
        GroupId = id,
        IdempotencyKey = id,
        Items = [.. references.Select(r => new CampaignGroupItem { Reference = r })],
    };
}
