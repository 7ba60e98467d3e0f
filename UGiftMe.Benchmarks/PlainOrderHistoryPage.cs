using Newtonsoft.Json;

namespace UGiftMe.Benchmarks;

/// <summary>
/// A hand-written model of an order-history page with the same members and types as the generated
/// <c>OrderHistoryPage</c> / <c>BusinessOrder</c>, but none of the generated extras (JsonProperty attributes with
/// Required checks, extension-data dictionaries for unknown members, Collection instances created up front).
/// </summary>
internal sealed class PlainOrderHistoryPage
{
    public int Total { get; set; }

    public int Page { get; set; }

    public int TotalPages { get; set; }

    public List<PlainOrder> Orders { get; set; } = null!;

    internal sealed class PlainOrder
    {
        [JsonProperty("_id")]
        public string? Id { get; set; }

        public string? ProductCode { get; set; }

        public PlainMerchant? Merchant { get; set; }

        public string? Currency { get; set; }

        public double? ValuePurchased { get; set; }

        public string? Status { get; set; }

        public bool? IsPaid { get; set; }

        public bool? IsActive { get; set; }

        public DateTimeOffset? CreatedAt { get; set; }

        public DateTimeOffset? UpdatedAt { get; set; }

        public Uri? ImageUrl { get; set; }
    }

    internal sealed class PlainMerchant
    {
        public string? Name { get; set; }
    }
}
