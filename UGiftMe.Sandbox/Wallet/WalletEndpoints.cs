using System.Text.Json.Serialization;
using UGiftMe.Sandbox.Auth;
using UGiftMe.Sandbox.Hosting;
using UGiftMe.Sandbox.Http;
using UGiftMe.Sandbox.Json;
using UGiftMe.Sandbox.State;

namespace UGiftMe.Sandbox.Wallet;

/// <summary><c>/wallet</c> (the wallet documents) and <c>/wallet/transactions</c> (the ledger, newest first).</summary>
internal static class WalletEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        var wallet = routes.MapGroup(ApiKeyMiddleware.BusinessPrefix + "/wallet");
        wallet.MapGet(string.Empty, Wallets);
        wallet.MapGet("/transactions", Ledger);
    }

    private static Task Wallets(HttpContext context)
    {
        var sandbox = context.RequestServices.GetRequiredService<SandboxContext>();
        var store = sandbox.Store;
        lock (store.Gate)
        {
            WalletBody[] wallets =
            [
                new(
                    store.WalletId,
                    sandbox.Options.Account.Id,
                    store.Currency,
                    store.Balance,
                    [.. store.Ledger.Select(t => TransactionBody.From(t, withCurrency: false))],
                    store.WalletCreatedAt,
                    store.WalletUpdatedAt),
            ];
            return SandboxJson.WriteAsync(context, StatusCodes.Status200OK, wallets);
        }
    }

    private static Task Ledger(HttpContext context)
    {
        var sandbox = context.RequestServices.GetRequiredService<SandboxContext>();
        if (!PageRequest.TryRead(context, 50, out var page, out var problem))
        {
            return SandboxJson.WriteErrorAsync(context, StatusCodes.Status400BadRequest, "Validation failed", problem);
        }

        var store = sandbox.Store;
        lock (store.Gate)
        {
            var total = store.Ledger.Count;
            return SandboxJson.WriteAsync(
                context,
                StatusCodes.Status200OK,
                new LedgerPageBody(
                    [
                        .. store.Ledger.OrderByDescending(t => t.Sequence)
                            .Skip(page.Skip)
                            .Take(page.Limit)
                            .Select(t => TransactionBody.From(t, withCurrency: true)),
                    ],
                    new LedgerPaginationBody(page.Page, PageRequest.TotalPages(total, page.Limit), total, page.Limit)));
        }
    }
}

internal sealed record TransactionDetailsBody(string Type, string? Description, string? Currency);

internal sealed record TransactionBody
{
    public required string TransactionType { get; init; }

    public required decimal TransactionValue { get; init; }

    public required DateTimeOffset Timestamp { get; init; }

    [JsonPropertyName("orderID")]
    public string? OrderId { get; init; }

    public string? Currency { get; init; }

    public required TransactionDetailsBody Details { get; init; }

    public static TransactionBody From(LedgerTransaction transaction, bool withCurrency) => new()
    {
        TransactionType = transaction.Type,
        TransactionValue = transaction.Value,
        Timestamp = transaction.Timestamp,
        OrderId = transaction.OrderId,
        Currency = withCurrency ? transaction.Currency : null,
        Details = new TransactionDetailsBody("single", transaction.Description, transaction.Currency),
    };
}

internal sealed record WalletBody(
    [property: JsonPropertyName("_id")] string Id,
    [property: JsonPropertyName("userID")] string UserId,
    string Currency,
    decimal Balance,
    IReadOnlyList<TransactionBody> Transactions,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

internal sealed record LedgerPaginationBody(int CurrentPage, int TotalPages, int TotalTransactions, int Limit);

internal sealed record LedgerPageBody(IReadOnlyList<TransactionBody> Transactions, LedgerPaginationBody Pagination);
