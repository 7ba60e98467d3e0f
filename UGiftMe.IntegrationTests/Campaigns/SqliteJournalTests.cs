using UGiftMe.Campaigns.Sqlite;

namespace UGiftMe.IntegrationTests.Campaigns;

/// <summary>The SQLite journal: what a campaign recorded survives the journal being closed and opened again.</summary>
public class SqliteJournalTests : IntegrationTest
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("ugiftme-journal-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task RunAsync_ReopenedJournal_ResendsTheLostGroupWithItsKeyAndReadsTheRestWithoutARequest()
    {
        var harness = await StartAsync(sandbox =>
        {
            sandbox.RateLimit.Enabled = true;
            sandbox.RateLimit.PermitLimit = 6000;
        }, client => client.Retry.BaseDelay = TimeSpan.FromMilliseconds(1));
        var path = Path.Combine(_folder, "campaign.db");
        var items = CampaignItems.Amazon(9);
        harness.Sandbox.Faults.Enqueue(Enumerable.Repeat(SandboxFault.DropAnswerAfterWork, 4));
        List<CampaignItemOutcome> first;
        using (var journal = new SqliteCampaignJournal(path))
        {
            first = await new Campaign(harness.Client, new CampaignOptions { CampaignId = "c", Journal = journal, GroupSize = 3, MaxConcurrency = 1 }).CollectAsync(items);
        }

        using var reopened = new SqliteCampaignJournal(path);
        var again = new Campaign(harness.Client, new CampaignOptions { CampaignId = "c", Journal = reopened, GroupSize = 3, MaxConcurrency = 1 });
        var second = await again.CollectAsync(items);

        Assert.That(first.Count(o => o.Kind == CampaignOutcomeKind.Unknown), Is.EqualTo(3));
        Assert.That(second.Select(o => o.Kind), Is.EqualTo(Enumerable.Repeat(CampaignOutcomeKind.Placed, 9)));
        Assert.That(second.Count(o => o.FromEarlierRun), Is.EqualTo(6));
        Assert.That(again.Summary.CreateRequests, Is.EqualTo(1));
        Assert.That(CampaignItems.CardsPerReference(harness.Sandbox).Values, Is.EqualTo(Enumerable.Repeat(1, 9)));
    }

    [Test]
    public async Task TryAddGroupAsync_AReferenceAlreadyGrouped_RecordsNothingAndKeepsTheFirstGroup()
    {
        using var journal = new SqliteCampaignJournal(Path.Combine(_folder, "claims.db"));
        var first = Group("g1", "a", "b");

        var added = await journal.TryAddGroupAsync("c", first, CancellationToken.None);
        var overlapping = await journal.TryAddGroupAsync("c", Group("g2", "c", "b"), CancellationToken.None);
        var elsewhere = await journal.TryAddGroupAsync("other", Group("g2", "c", "b"), CancellationToken.None);

        Assert.That((added, overlapping, elsewhere), Is.EqualTo((true, false, true)));
        Assert.That((await journal.FindGroupAsync("c", "b", CancellationToken.None))!.GroupId, Is.EqualTo("g1"));
        Assert.That(await journal.FindGroupAsync("c", "c", CancellationToken.None), Is.Null, "the refused group left no reference behind");
    }

    [Test]
    public async Task UpdateGroupAsync_NewState_IsWhatFindReadsBack()
    {
        using var journal = new SqliteCampaignJournal(Path.Combine(_folder, "updates.db"));
        var group = Group("g1", "a");
        await journal.TryAddGroupAsync("c", group, CancellationToken.None);
        group.State = CampaignGroupState.Queued;
        group.OrderRequestId = "req_1";
        group.Items[0].Outcome = CampaignOutcomeKind.Unknown;

        await journal.UpdateGroupAsync("c", group, CancellationToken.None);
        var read = await journal.FindGroupAsync("c", "a", CancellationToken.None);

        Assert.That(read!.ToJson(), Is.EqualTo(group.ToJson()));
    }

    private static CampaignGroup Group(string id, params string[] references) => new()
    {
        GroupId = id,
        IdempotencyKey = id,
        IsBulk = references.Length > 1,
        Items = [.. references.Select(r => new CampaignGroupItem { Reference = r, Order = CampaignItems.Item(r, "AMAZON_UK_STD", "Amazon UK", 10m).Order })],
    };
}
