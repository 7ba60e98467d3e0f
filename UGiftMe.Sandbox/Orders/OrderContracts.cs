using System.Text.Json.Serialization;
using UGiftMe.Sandbox.State;

namespace UGiftMe.Sandbox.Orders;

// Wire shapes of the orders endpoints, in the docs' member order. Nulls are left out (SandboxJson).

internal sealed record OrderMerchantBody(
    string Name, string? DistributionMethod = null, string? VoucherCode = null, Uri? RedemptionUrl = null);

internal sealed record OrderProductBody(Uri? ImageUrl, string Merchant, string ProductCode);

internal sealed record GiftOrderBody(string? Message, string? RecipientEmail, string? RecipientName);

internal sealed record OrderBody
{
    [JsonPropertyName("_id")]
    public required string Id { get; init; }

    public required string ProductCode { get; init; }

    public OrderProductBody? Product { get; init; }

    public required OrderMerchantBody Merchant { get; init; }

    public required string Currency { get; init; }

    public required decimal ValuePurchased { get; init; }

    public string Status { get; init; } = "active";

    public bool? IsPaid { get; init; }

    public bool? IsActive { get; init; }

    public int? UsageLimit { get; init; }

    public DateTimeOffset? ExpiryDate { get; init; }

    public GiftOrderBody? GiftOrder { get; init; }

    public string? TransactionId { get; init; }

    public string? UserId { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }

    public Uri? ImageUrl { get; init; }

    /// <summary>The full order: create answers (201) and details (with the caller's account id).</summary>
    public static OrderBody Full(Order order, string? userId = null) => new()
    {
        Id = order.Id,
        ProductCode = order.Product.ProductCode,
        Product = new OrderProductBody(order.Product.ImageUrl, order.Product.Merchant, order.Product.ProductCode),
        Merchant = new OrderMerchantBody(
            order.Product.Merchant, order.Product.DistributionMethod, order.VoucherCode, order.Product.RedemptionUrl),
        Currency = order.Currency,
        ValuePurchased = order.Value,
        IsPaid = true,
        IsActive = true,
        UsageLimit = 1,
        ExpiryDate = order.CreatedAt.AddYears(3),
        GiftOrder = order.RecipientEmail is null && order.RecipientName is null && order.GiftMessage is null
            ? null
            : new GiftOrderBody(order.GiftMessage, order.RecipientEmail, order.RecipientName),
        TransactionId = order.TransactionId,
        UserId = userId,
        CreatedAt = order.CreatedAt,
        UpdatedAt = order.CreatedAt,
        ImageUrl = order.Product.ImageUrl,
    };

    /// <summary>The list shape of order history and search.</summary>
    public static OrderBody Listed(Order order) => new()
    {
        Id = order.Id,
        ProductCode = order.Product.ProductCode,
        Merchant = new OrderMerchantBody(order.Product.Merchant),
        Currency = order.Currency,
        ValuePurchased = order.Value,
        IsPaid = true,
        IsActive = true,
        CreatedAt = order.CreatedAt,
        UpdatedAt = order.CreatedAt,
        ImageUrl = order.Product.ImageUrl,
    };

    /// <summary>The short shape of the bulk answer's <c>orders</c>.</summary>
    public static OrderBody InBulk(Order order) => new()
    {
        Id = order.Id,
        ProductCode = order.Product.ProductCode,
        Merchant = new OrderMerchantBody(order.Product.Merchant),
        Currency = order.Currency,
        ValuePurchased = order.Value,
        ImageUrl = order.Product.ImageUrl,
    };
}

internal sealed record QueuedBody(string OrderRequestId, string Status);

internal sealed record BulkSummaryBody(int TotalOrders, decimal TotalValue, string Currency, decimal RemainingBalance);

internal sealed record RejectedOrderBody(string ProductCode, string Reason);

internal sealed record BulkResultBody(
    bool Success,
    IReadOnlyList<OrderBody> Orders,
    BulkSummaryBody Summary,
    IReadOnlyList<RejectedOrderBody>? RejectedOrders);

internal sealed record OrderRequestBody(
    string OrderRequestId,
    string Status,
    string Type,
    object? Result,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

internal sealed record OrderHistoryPageBody(int Total, int Page, int TotalPages, IReadOnlyList<OrderBody> Orders);

internal sealed record SearchPaginationBody(int Total, int TotalPages, int CurrentPage, int Limit);

internal sealed record OrderSearchPageBody(bool Success, IReadOnlyList<OrderBody> Orders, SearchPaginationBody Pagination);

internal sealed record InsufficientFundsBody(string Error, decimal Required, decimal Available, string Currency);
