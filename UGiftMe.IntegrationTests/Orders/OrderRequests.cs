namespace UGiftMe.IntegrationTests.Orders;

/// <summary>Orders for the sandbox's default catalog.</summary>
public static class OrderRequests
{
    public static CreateOrderRequest Amazon(decimal value) =>
        new() { ProductCode = "AMAZON_UK_STD", Merchant = "Amazon UK", Currency = "GBP", ValuePurchased = value, RecipientEmail = "alex@example.com" };

    public static CreateOrderRequest Tesco() =>
        new() { ProductCode = "TESCO-GBP-50", Merchant = "Tesco", Currency = "GBP", ValuePurchased = 50 };

    public static CreateOrderRequest Unknown() =>
        new() { ProductCode = "NO_SUCH_PRODUCT", Merchant = "Nobody", Currency = "GBP", ValuePurchased = 10 };
}
