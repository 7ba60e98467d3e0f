using System.Globalization;
using UGiftMe.Campaigns.Sqlite;
using UGiftMe.Models;

namespace UGiftMe.Benchmarks.Campaigns;

/// <summary>
/// The child process of the campaign goals: one run of a campaign of <c>count</c> cards against the sandbox at
/// <c>url</c>, journaled in a SQLite file, so that the parent can kill it (<c>kill -9</c>) anywhere and run it again.
/// Prints <c>done N</c> every 50 outcomes, <c>heap DONE BYTES</c> every 1,000, and a <c>summary</c> line at the end.
/// Every 20th item (when <c>mixed</c>) names a product the catalog does not have.
/// </summary>
internal static class CampaignWorker
{
    public const int MaxConcurrency = 4;

    public static IEnumerable<CampaignItem> Items(int count, bool mixed) =>
        Enumerable.Range(1, count).Select(i => new CampaignItem(Reference(i), new CreateOrderRequest
        {
            ProductCode = mixed && i % 20 == 0 ? "NO_SUCH_PRODUCT" : "AMAZON_UK_STD",
            Merchant = "Amazon UK",
            Currency = "GBP",
            ValuePurchased = 10,
            RecipientEmail = Reference(i) + "@example.com",
        }));

    public static string Reference(int i) => string.Create(CultureInfo.InvariantCulture, $"c-{i:D5}");

    public static async Task<int> RunAsync(string[] args)
    {
        var url = new Uri(args[1]);
        var apiKey = args[2];
        var journalPath = args[3];
        var count = int.Parse(args[4], CultureInfo.InvariantCulture);
        var groupSize = int.Parse(args[5], CultureInfo.InvariantCulture);
        var mixed = args.Length > 6 && args[6] == "mixed";
        using var client = new UGiftMeClient(new UGiftMeClientOptions { ApiKey = apiKey, BaseAddress = url });
        using var journal = new SqliteCampaignJournal(journalPath);
        var campaign = new Campaign(client, new CampaignOptions { CampaignId = "goal", Journal = journal, GroupSize = groupSize, MaxConcurrency = MaxConcurrency });
        var done = 0;
        var kinds = new Dictionary<CampaignOutcomeKind, int>();
        await foreach (var outcome in campaign.RunAsync(Items(count, mixed)))
        {
            done++;
            kinds[outcome.Kind] = kinds.GetValueOrDefault(outcome.Kind) + 1;
            if (done % 50 == 0)
            {
                await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"done {done}"));
                await Console.Out.FlushAsync();
            }

            if (done % 1000 == 0)
            {
                await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"heap {done} {GC.GetTotalMemory(forceFullCollection: true)}"));
            }
        }

        var s = campaign.Summary;
        await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"summary items={s.Items} placed={s.Placed} rejected={s.Rejected} unfunded={s.Unfunded} failed={s.Failed} unknown={s.Unknown} notsent={s.NotSent} earlier={s.FromEarlierRuns} creates={s.CreateRequests} kinds={string.Join(',', kinds.Keys.Order())}"));
        return 0;
    }
}
