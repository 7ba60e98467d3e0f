using UGiftMe.Generated;
using UGiftMe.Models;

namespace UGiftMe;

/// <summary>The prepaid wallet and its transaction ledger.</summary>
public class WalletClient
{
    private readonly UGiftMePipeline _pipeline = null!;

    internal WalletClient(UGiftMePipeline pipeline) => _pipeline = pipeline;

    /// <summary>For mocking in tests.</summary>
    protected WalletClient()
    {
    }

    /// <summary>The account's wallets (one per currency), each with its embedded transactions.</summary>
    public virtual Task<UGiftMeResult<List<Wallet>>> ListAsync(CancellationToken cancellationToken = default) =>
        _pipeline.SendAsync(WalletApi.BuildList(_pipeline.BaseUrl), WalletApi.ReadList, WalletApi.ReadListError, cancellationToken);

    /// <summary>One page of the transaction ledger.</summary>
    public virtual Task<UGiftMeResult<TransactionLedgerPage>> ListTransactionsAsync(int page = 1, int? pageSize = null, CancellationToken cancellationToken = default)
    {
        Paging.RequireValid(page, pageSize);
        return _pipeline.SendAsync(WalletApi.BuildListTransactions(_pipeline.BaseUrl, page: page, limit: pageSize), WalletApi.ReadListTransactions, WalletApi.ReadListTransactionsError, cancellationToken);
    }

    /// <summary>The whole ledger, newest first as the server orders it, fetched a page at a time.</summary>
    public virtual IAsyncEnumerable<WalletTransaction> ListAllTransactionsAsync(int pageSize = 50, CancellationToken cancellationToken = default)
    {
        Paging.RequireValid(1, pageSize);
        return Paging.Walk(
            _pipeline.Client.Options.MaxPagesPerEnumeration,
            (page, ct) => ListTransactionsAsync(page, pageSize, ct),
            result => result.Transactions,
            (result, page) => (result.Pagination?.CurrentPage ?? page) < (result.Pagination?.TotalPages ?? 0),
            cancellationToken);
    }
}
