using Newtonsoft.Json.Linq;
using UGiftMe.Models;

namespace UGiftMe.Testing;

public static partial class UGiftMeModelFactory
{
    /// <summary>An order as <c>GET /orders/{id}</c> (and a synchronous create) returns it.</summary>
    /// <param name="id">The order's <c>_id</c>.</param>
    /// <param name="productCode">The product.</param>
    /// <param name="merchant">The merchant's name.</param>
    /// <param name="currency">The currency.</param>
    /// <param name="valuePurchased">The value, debited from the wallet.</param>
    /// <param name="voucherCode">The issued voucher code.</param>
    /// <param name="status">The order's status. Default <c>active</c>.</param>
    /// <param name="recipientEmail">The recipient.</param>
    /// <param name="recipientName">The recipient's name.</param>
    /// <param name="createdAt">When it was made.</param>
    /// <returns>The order.</returns>
    public static BusinessOrder BusinessOrder(
        string? id = DefaultOrderId,
        string? productCode = "AMAZON_UK_STD",
        string? merchant = "Amazon UK",
        string? currency = "GBP",
        decimal? valuePurchased = 50m,
        string? voucherCode = "AB12-CD34-EF56-GH78",
        string? status = "active",
        string? recipientEmail = "alex@example.com",
        string? recipientName = "Alex",
        DateTimeOffset? createdAt = null) =>
        new()
        {
            Id = id,
            ProductCode = productCode,
            Currency = currency,
            ValuePurchased = valuePurchased,
            Status = status,
            IsActive = true,
            IsPaid = true,
            TransactionId = id is null ? null : "txn_" + id.ToUpperInvariant(),
            UserId = "507f1f77bcf86cd799439011",
            CreatedAt = createdAt ?? DefaultTimestamp,
            UpdatedAt = createdAt ?? DefaultTimestamp,
            Merchant = OrderMerchant(merchant, voucherCode),
            Product = OrderProduct(productCode, merchant),
            GiftOrder = GiftOrder(recipientEmail, recipientName),
        };

    /// <summary>The merchant part of an order, with the voucher.</summary>
    /// <param name="name">The merchant's name.</param>
    /// <param name="voucherCode">The voucher code.</param>
    /// <param name="redemptionUrl">Where the voucher is redeemed.</param>
    /// <param name="distributionMethod">How it is delivered. Default <c>EMAIL</c>.</param>
    /// <returns>The merchant part.</returns>
    public static OrderMerchant OrderMerchant(
        string? name = "Amazon UK", string? voucherCode = "AB12-CD34-EF56-GH78", string? redemptionUrl = "https://www.amazon.co.uk/gc/redeem", string? distributionMethod = "EMAIL") =>
        new() { Name = name, VoucherCode = voucherCode, RedemptionUrl = redemptionUrl, DistributionMethod = distributionMethod };

    /// <summary>The product part of an order.</summary>
    /// <param name="productCode">The product.</param>
    /// <param name="merchant">The merchant's name.</param>
    /// <param name="imageUrl">The card's image.</param>
    /// <returns>The product part.</returns>
    public static OrderProduct OrderProduct(string? productCode = "AMAZON_UK_STD", string? merchant = "Amazon UK", string? imageUrl = "https://cdn.ugift.me/products/amazon-uk-card.png") =>
        new() { ProductCode = productCode, Merchant = merchant, ImageUrl = imageUrl };

    /// <summary>The gift part of an order: recipient and message.</summary>
    /// <param name="recipientEmail">The recipient.</param>
    /// <param name="recipientName">The recipient's name.</param>
    /// <param name="message">The gift message.</param>
    /// <returns>The gift part.</returns>
    public static GiftOrder GiftOrder(string? recipientEmail = "alex@example.com", string? recipientName = "Alex", string? message = null) =>
        new() { RecipientEmail = recipientEmail, RecipientName = recipientName, Message = message };

    /// <summary>A queued order request as <c>GET /orders/order-requests/{id}</c> returns it.</summary>
    /// <param name="orderRequestId">Its id.</param>
    /// <param name="status"><c>queued</c>, <c>processing</c>, <c>succeeded</c> or <c>failed</c>.</param>
    /// <param name="result">The result when it succeeded; default the <see cref="BusinessOrder"/> of this factory for <c>succeeded</c>.</param>
    /// <param name="error">Why it failed; default a merchant failure for <c>failed</c>.</param>
    /// <param name="type"><c>single</c> or <c>bulk</c>.</param>
    /// <returns>The order request.</returns>
    public static OrderRequest OrderRequest(
        string? orderRequestId = DefaultOrderRequestId, string? status = OrderRequestStatuses.Queued, object? result = null, string? error = null, string? type = "single") =>
        new()
        {
            OrderRequestId = orderRequestId,
            Status = status,
            Type = type,
            Result = status == OrderRequestStatuses.Succeeded ? result ?? JObject.FromObject(BusinessOrder()) : result,
            Error = status == OrderRequestStatuses.Failed ? error ?? "The merchant could not issue the gift card." : error,
            CreatedAt = DefaultTimestamp,
            UpdatedAt = DefaultTimestamp,
        };

    /// <summary>A page of <c>GET /orders</c>.</summary>
    /// <param name="orders">The orders on the page; default one <see cref="BusinessOrder"/>.</param>
    /// <param name="page">The page number.</param>
    /// <param name="total">How many orders there are in all; default the page's count.</param>
    /// <param name="totalPages">How many pages; default 1.</param>
    /// <returns>The page.</returns>
    public static OrderHistoryPage OrderHistoryPage(IEnumerable<BusinessOrder>? orders = null, int page = 1, int? total = null, int totalPages = 1)
    {
        List<BusinessOrder> list = [.. orders ?? [BusinessOrder()]];
        return new() { Orders = list, Page = page, Total = total ?? list.Count, TotalPages = totalPages };
    }

    /// <summary>A page of <c>GET /orders/search</c>.</summary>
    /// <param name="orders">The orders on the page; default one <see cref="BusinessOrder"/>.</param>
    /// <param name="pagination">The paging; default one page holding them.</param>
    /// <returns>The page.</returns>
    public static OrderSearchPage OrderSearchPage(IEnumerable<BusinessOrder>? orders = null, SearchPagination? pagination = null)
    {
        List<BusinessOrder> list = [.. orders ?? [BusinessOrder()]];
        return new() { Success = true, Orders = list, Pagination = pagination ?? SearchPagination(total: list.Count) };
    }

    /// <summary>The paging of a search page (orders or products).</summary>
    /// <param name="currentPage">The page number.</param>
    /// <param name="limit">The page size.</param>
    /// <param name="total">How many items in all.</param>
    /// <param name="totalPages">How many pages.</param>
    /// <returns>The paging.</returns>
    public static SearchPagination SearchPagination(int currentPage = 1, int limit = 10, int total = 1, int totalPages = 1) =>
        new() { CurrentPage = currentPage, Limit = limit, Total = total, TotalPages = totalPages };

    /// <summary>A bulk order's result, as <c>CreateBulkAndWaitAsync</c> returns it.</summary>
    /// <param name="orders">The orders made; default one <see cref="BusinessOrder"/>.</param>
    /// <param name="rejectedOrders">The items refused.</param>
    /// <param name="summary">The totals; default computed from <paramref name="orders"/>.</param>
    /// <returns>The result.</returns>
    public static BulkOrderResult BulkOrderResult(IEnumerable<BusinessOrder>? orders = null, IEnumerable<RejectedOrder>? rejectedOrders = null, BulkOrderSummary? summary = null)
    {
        List<BusinessOrder> made = [.. orders ?? [BusinessOrder()]];
        List<RejectedOrder> rejected = [.. rejectedOrders ?? []];
        summary ??= BulkOrderSummary(made.Count, made.Sum(o => o.ValuePurchased ?? 0m), made.FirstOrDefault()?.Currency ?? "GBP");
        var raw = JObject.FromObject(new BulkOrderCreatedResponse { Success = made.Count > 0, Orders = made, RejectedOrders = rejected, Summary = summary });
        return new(made, rejected, summary, raw);
    }

    /// <summary>One refused item of a bulk order.</summary>
    /// <param name="productCode">The item's product.</param>
    /// <param name="reason">Why it was refused.</param>
    /// <returns>The refused item.</returns>
    public static RejectedOrder RejectedOrder(string? productCode = "UNKNOWN_CODE", string? reason = "Product not found") =>
        new() { ProductCode = productCode, Reason = reason };

    /// <summary>The totals of a bulk order.</summary>
    /// <param name="totalOrders">How many orders were made.</param>
    /// <param name="totalValue">Their total value.</param>
    /// <param name="currency">The currency.</param>
    /// <param name="remainingBalance">The wallet's balance after them.</param>
    /// <returns>The totals.</returns>
    public static BulkOrderSummary BulkOrderSummary(int totalOrders = 1, decimal totalValue = 50m, string currency = "GBP", decimal remainingBalance = 1950m) =>
        new() { TotalOrders = totalOrders, TotalValue = totalValue, Currency = currency, RemainingBalance = remainingBalance };

    /// <summary>The answer to a synchronous bulk create (201).</summary>
    /// <param name="result">The result to describe; default <see cref="BulkOrderResult"/>.</param>
    /// <returns>The response model.</returns>
    public static BulkOrderCreatedResponse BulkOrderCreatedResponse(BulkOrderResult? result = null)
    {
        result ??= BulkOrderResult();
        return new() { Success = result.Orders.Count > 0, Orders = [.. result.Orders], RejectedOrders = [.. result.RejectedOrders], Summary = result.Summary ?? BulkOrderSummary() };
    }

    /// <summary>The answer to a queued bulk create (202).</summary>
    /// <param name="orderRequestId">The order request.</param>
    /// <returns>The response model.</returns>
    public static BulkOrderCreationResponse BulkOrderCreationResponse(string? orderRequestId = DefaultOrderRequestId) =>
        new() { OrderRequestId = orderRequestId, Status = OrderRequestStatuses.Queued };

    /// <summary>The answer to a queued single create (202).</summary>
    /// <param name="orderRequestId">The order request.</param>
    /// <returns>The response model.</returns>
    public static OrderCreationResponse OrderCreationResponse(string? orderRequestId = DefaultOrderRequestId) =>
        new() { OrderRequestId = orderRequestId, Status = OrderRequestStatuses.Queued };
}
