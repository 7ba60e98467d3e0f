using UGiftMe.Models;

namespace UGiftMe;

/// <summary>The prepaid wallet and its transaction ledger.</summary>
public class WalletClient
{
    private readonly ApiInvoker _invoker = null!;
    private readonly IWalletApi _api = null!;

    internal WalletClient(ApiInvoker invoker, IWalletApi api)
    {
        _invoker = invoker;
        _api = api;
    }

    /// <summary>For mocking in tests.</summary>
    protected WalletClient()
    {
    }

    /// <summary>The account's wallets (one per currency), each with its embedded transactions.</summary>
    public virtual Task<UGiftMeResult<List<Wallet>>> ListAsync(CancellationToken cancellationToken = default) =>
        _invoker.SendAsync(_api, (api, ct) => api.ListAsync(cancellationToken: ct), cancellationToken);

    /// <summary>One page of the transaction ledger.</summary>
    public virtual Task<UGiftMeResult<TransactionLedgerPage>> ListTransactionsAsync(int page = 1, int? pageSize = null, CancellationToken cancellationToken = default)
    {
        Paging.RequireValid(page, pageSize);
        return _invoker.SendAsync(_api, (api, ct) => api.ListTransactionsAsync(page: page, limit: pageSize, cancellationToken: ct), cancellationToken);
    }

    /// <summary>The whole ledger, newest first as the server orders it, fetched a page at a time.</summary>
    public virtual IAsyncEnumerable<WalletTransaction> ListAllTransactionsAsync(int pageSize = 50, CancellationToken cancellationToken = default)
    {
        Paging.RequireValid(1, pageSize);
        return Paging.Walk(
            _invoker.State.Options.MaxPagesPerEnumeration,
            (page, ct) => _invoker.SendAsync(_api, (api, c) => api.ListTransactionsAsync(page: page, limit: pageSize, cancellationToken: c), ct),
            result => result.Transactions,
            (result, page) => (result.Pagination?.CurrentPage ?? page) < (result.Pagination?.TotalPages ?? 0),
            cancellationToken);
    }
}
