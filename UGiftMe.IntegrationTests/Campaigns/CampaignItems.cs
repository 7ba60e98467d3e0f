namespace UGiftMe.IntegrationTests.Campaigns;

/// <summary>Campaign items for the sandbox's default catalog; each recipient's address carries its reference.</summary>
internal static class CampaignItems
{
    public static List<CampaignItem> Amazon(int count, decimal value = 10m, string prefix = "emp") =>
        [.. Enumerable.Range(1, count).Select(i => Item($"{prefix}-{i:D4}", "AMAZON_UK_STD", "Amazon UK", value))];

    public static CampaignItem Item(string reference, string productCode, string merchant, decimal value) =>
        new(reference, new CreateOrderRequest
        {
            ProductCode = productCode, Merchant = merchant, Currency = "GBP", ValuePurchased = value,
            RecipientEmail = reference + "@example.com", RecipientName = reference,
        });

    public static async Task<List<CampaignItemOutcome>> CollectAsync(this Campaign campaign, IEnumerable<CampaignItem> items)
    {
        var outcomes = new List<CampaignItemOutcome>();
        await foreach (var outcome in campaign.RunAsync(items))
        {
            outcomes.Add(outcome);
        }

        return outcomes;
    }

    /// <summary>The cards the sandbox holds per reference (read back from the recipient address).</summary>
    public static Dictionary<string, int> CardsPerReference(SandboxServer sandbox) =>
        sandbox.State.Orders.GroupBy(o => o.RecipientEmail!.Split('@')[0]).ToDictionary(g => g.Key, g => g.Count());
}
