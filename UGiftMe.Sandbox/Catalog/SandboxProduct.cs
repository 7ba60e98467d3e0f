namespace UGiftMe.Sandbox;

/// <summary>A catalog product. Orders must name its <see cref="Merchant"/> and currency and a value it allows.</summary>
public sealed class SandboxProduct
{
    /// <summary>Product code, e.g. <c>AMAZON_UK_STD</c>.</summary>
    public string ProductCode { get; set; } = string.Empty;

    /// <summary>Display name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Merchant name, e.g. <c>Amazon UK</c>.</summary>
    public string Merchant { get; set; } = string.Empty;

    /// <summary>Category, listed by <c>GET /products/filters</c>.</summary>
    public string Category { get; set; } = string.Empty;

    /// <summary>Currency of the product. Default <c>GBP</c>.</summary>
    public string Currency { get; set; } = "GBP";

    /// <summary>Smallest value of an open-valued product.</summary>
    public decimal MinValue { get; set; } = 1m;

    /// <summary>Largest value of an open-valued product.</summary>
    public decimal MaxValue { get; set; } = 1000m;

    /// <summary>Fixed values; when not empty, only these are accepted and min/max are ignored.</summary>
    public IList<decimal> Denominations { get; } = [];

    /// <summary>Card image.</summary>
    public Uri? ImageUrl { get; set; }

    /// <summary>Where the voucher is redeemed.</summary>
    public Uri? RedemptionUrl { get; set; }

    /// <summary>How vouchers are delivered. Default <c>EMAIL</c>.</summary>
    public string DistributionMethod { get; set; } = "EMAIL";
}
