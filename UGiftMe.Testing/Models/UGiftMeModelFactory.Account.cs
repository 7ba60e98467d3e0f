using UGiftMe.Models;

namespace UGiftMe.Testing;

public static partial class UGiftMeModelFactory
{
    /// <summary>What <c>client.Auth.VerifyAsync</c> returns.</summary>
    /// <param name="id">The account id.</param>
    /// <param name="name">The account name.</param>
    /// <param name="email">The contact email.</param>
    /// <param name="verificationStatus">The verification status.</param>
    /// <param name="plan">The plan.</param>
    /// <returns>The verification.</returns>
    public static AuthVerification AuthVerification(
        string? id = "507f1f77bcf86cd799439011", string? name = "Example Retail Ltd", string? email = "billing@example.com", string? verificationStatus = "verified", string? plan = "account") =>
        new() { Id = id, Name = name, Email = email, VerificationStatus = verificationStatus, Plan = plan };

    /// <summary>A catalog product.</summary>
    /// <param name="productCode">Its code.</param>
    /// <param name="name">Its name.</param>
    /// <param name="merchant">The merchant.</param>
    /// <param name="category">The category.</param>
    /// <param name="currency">The currency.</param>
    /// <param name="minValue">The smallest value.</param>
    /// <param name="maxValue">The largest value.</param>
    /// <param name="denominations">Fixed values, when it has them.</param>
    /// <returns>The product.</returns>
    public static Product Product(
        string? productCode = "AMAZON_UK_STD",
        string? name = "Amazon UK Gift Card",
        string? merchant = "Amazon UK",
        string? category = "Shopping",
        string? currency = "GBP",
        decimal? minValue = 5m,
        decimal? maxValue = 500m,
        IEnumerable<decimal>? denominations = null) =>
        new()
        {
            Id = productCode is null ? null : "prod_" + productCode.ToLowerInvariant(),
            ProductCode = productCode,
            Name = name,
            Merchant = merchant,
            Category = category,
            Currency = currency,
            MinValue = minValue,
            MaxValue = maxValue,
            Denominations = denominations is null ? null : [.. denominations],
            IsActive = true,
            ImageUrl = "https://cdn.ugift.me/products/amazon-uk-card.png",
        };

    /// <summary>A page of the catalog.</summary>
    /// <param name="products">The products on the page; default one <see cref="Product"/>.</param>
    /// <param name="pagination">The paging; default one page holding them.</param>
    /// <returns>The page.</returns>
    public static ProductPage ProductPage(IEnumerable<Product>? products = null, SearchPagination? pagination = null)
    {
        List<Product> list = [.. products ?? [Product()]];
        return new() { Success = true, Products = list, Pagination = pagination ?? SearchPagination(total: list.Count) };
    }

    /// <summary>The catalog's filters: merchants and categories.</summary>
    /// <param name="merchants">The merchants.</param>
    /// <param name="categories">The categories.</param>
    /// <returns>The filters.</returns>
    public static CatalogFilters CatalogFilters(IEnumerable<string>? merchants = null, IEnumerable<string>? categories = null) =>
        new() { Merchants = [.. merchants ?? ["Amazon UK", "John Lewis", "Tesco"]], Categories = [.. categories ?? ["Shopping", "Groceries"]] };

    /// <summary>A wallet, as <c>client.Wallet.ListAsync</c> returns them.</summary>
    /// <param name="balance">The balance.</param>
    /// <param name="currency">The currency.</param>
    /// <param name="transactions">Recent transactions.</param>
    /// <returns>The wallet.</returns>
    public static Wallet Wallet(decimal? balance = 2000m, string? currency = "GBP", IEnumerable<WalletTransaction>? transactions = null) =>
        new()
        {
            Id = "6650a1b2c3d4e5f6a7b8c9d0",
            UserID = "507f1f77bcf86cd799439011",
            Balance = balance,
            Currency = currency,
            Transactions = transactions is null ? [] : [.. transactions],
            CreatedAt = DefaultTimestamp,
            UpdatedAt = DefaultTimestamp,
        };

    /// <summary>A ledger transaction.</summary>
    /// <param name="transactionType"><c>funding</c> or <c>purchase</c>.</param>
    /// <param name="transactionValue">The amount.</param>
    /// <param name="currency">The currency.</param>
    /// <param name="orderId">The order a purchase paid for.</param>
    /// <param name="description">What it was.</param>
    /// <param name="timestamp">When.</param>
    /// <returns>The transaction.</returns>
    public static WalletTransaction WalletTransaction(
        string? transactionType = "purchase",
        decimal? transactionValue = 50m,
        string? currency = "GBP",
        string? orderId = DefaultOrderId,
        string? description = "Purchase of AMAZON_UK_STD from Amazon UK",
        DateTimeOffset? timestamp = null) =>
        new()
        {
            TransactionType = transactionType,
            TransactionValue = transactionValue,
            Currency = currency,
            OrderID = transactionType == "purchase" ? orderId : null,
            Timestamp = timestamp ?? DefaultTimestamp,
            Details = TransactionDetails(transactionType, currency, description),
        };

    /// <summary>The details of a ledger transaction.</summary>
    /// <param name="type">The type.</param>
    /// <param name="currency">The currency.</param>
    /// <param name="description">What it was.</param>
    /// <returns>The details.</returns>
    public static TransactionDetails TransactionDetails(string? type = "purchase", string? currency = "GBP", string? description = "Purchase of AMAZON_UK_STD from Amazon UK") =>
        new() { Type = type, Currency = currency, Description = description };

    /// <summary>A page of the wallet ledger.</summary>
    /// <param name="transactions">The transactions on the page; default one <see cref="WalletTransaction"/>.</param>
    /// <param name="pagination">The paging; default one page holding them.</param>
    /// <returns>The page.</returns>
    public static TransactionLedgerPage TransactionLedgerPage(IEnumerable<WalletTransaction>? transactions = null, LedgerPagination? pagination = null)
    {
        List<WalletTransaction> list = [.. transactions ?? [WalletTransaction()]];
        return new() { Transactions = list, Pagination = pagination ?? LedgerPagination(totalTransactions: list.Count) };
    }

    /// <summary>The paging of the wallet ledger.</summary>
    /// <param name="currentPage">The page number.</param>
    /// <param name="limit">The page size.</param>
    /// <param name="totalTransactions">How many transactions in all.</param>
    /// <param name="totalPages">How many pages.</param>
    /// <returns>The paging.</returns>
    public static LedgerPagination LedgerPagination(int currentPage = 1, int limit = 50, int totalTransactions = 1, int totalPages = 1) =>
        new() { CurrentPage = currentPage, Limit = limit, TotalTransactions = totalTransactions, TotalPages = totalPages };
}
