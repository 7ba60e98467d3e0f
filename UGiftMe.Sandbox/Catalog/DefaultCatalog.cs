namespace UGiftMe.Sandbox.Catalog;

/// <summary>The products a sandbox has unless told otherwise; codes and images as in the docs' examples.</summary>
internal static class DefaultCatalog
{
    public static IReadOnlyList<SandboxProduct> Create() =>
    [
        new()
        {
            ProductCode = "AMAZON_UK_STD",
            Name = "Amazon UK Gift Card",
            Merchant = "Amazon UK",
            Category = "Shopping",
            MinValue = 5m,
            MaxValue = 500m,
            ImageUrl = new Uri("https://cdn.ugift.me/products/amazon-uk-card.png"),
            RedemptionUrl = new Uri("https://www.amazon.co.uk/gc/redeem"),
        },
        new()
        {
            ProductCode = "JL_UK_STD",
            Name = "John Lewis Gift Card",
            Merchant = "John Lewis",
            Category = "Department Stores",
            MinValue = 10m,
            MaxValue = 1000m,
            ImageUrl = new Uri("https://cdn.ugift.me/products/johnlewis-card.png"),
            RedemptionUrl = new Uri("https://www.johnlewis.com/gift-cards"),
        },
        WithDenominations(
            new SandboxProduct
            {
                ProductCode = "TESCO-GBP-50",
                Name = "Tesco £50 Gift Card",
                Merchant = "Tesco",
                Category = "Groceries",
                ImageUrl = new Uri("https://cdn.ugift.me/products/tesco-card.png"),
                RedemptionUrl = new Uri("https://www.tesco.com/giftcards"),
            },
            50m),
    ];

    private static SandboxProduct WithDenominations(SandboxProduct product, params decimal[] values)
    {
        foreach (var value in values)
        {
            product.Denominations.Add(value);
        }

        return product;
    }
}
