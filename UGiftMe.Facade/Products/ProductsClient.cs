using UGiftMe.Models;

namespace UGiftMe;

/// <summary>The catalog available to the key. The list and search endpoints are inferred from the docs (see the spec).</summary>
public class ProductsClient
{
    private readonly ApiInvoker _invoker = null!;
    private readonly IProductsApi _api = null!;

    internal ProductsClient(ApiInvoker invoker, IProductsApi api)
    {
        _invoker = invoker;
        _api = api;
    }

    /// <summary>For mocking in tests.</summary>
    protected ProductsClient()
    {
    }

    /// <summary>The distinct categories and merchants of the catalog.</summary>
    public virtual Task<UGiftMeResult<CatalogFilters>> GetFiltersAsync(CancellationToken cancellationToken = default) =>
        _invoker.SendAsync(_api, (api, ct) => api.GetFiltersAsync(cancellationToken: ct), cancellationToken);

    /// <summary>One page of the catalog.</summary>
    /// <param name="page">1-based page number.</param>
    /// <param name="pageSize">Products per page; the server's default when null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public virtual Task<UGiftMeResult<ProductPage>> ListAsync(int page = 1, int? pageSize = null, CancellationToken cancellationToken = default)
    {
        Paging.RequireValid(page, pageSize);
        return _invoker.SendAsync(_api, (api, ct) => api.ListAsync(page: page, limit: pageSize, cancellationToken: ct), cancellationToken);
    }

    /// <summary>The whole catalog, fetched a page at a time as it is enumerated.</summary>
    public virtual IAsyncEnumerable<Product> ListAllAsync(int pageSize = 100, CancellationToken cancellationToken = default)
    {
        Paging.RequireValid(1, pageSize);
        return Paging.Walk(
            _invoker.State.Options.MaxPagesPerEnumeration,
            (page, ct) => _invoker.SendAsync(_api, (api, c) => api.ListAsync(page: page, limit: pageSize, cancellationToken: c), ct),
            result => result.Products,
            (result, page) => HasPageAfter(result, page, pageSize),
            cancellationToken);
    }

    /// <summary>One page of products matching a merchant and/or category.</summary>
    public virtual Task<UGiftMeResult<ProductPage>> SearchAsync(string? merchant = null, string? category = null, int page = 1, int? pageSize = null, CancellationToken cancellationToken = default)
    {
        Paging.RequireValid(page, pageSize);
        return _invoker.SendAsync(_api, (api, ct) => api.SearchAsync(merchant: merchant, category: category, page: page, limit: pageSize, cancellationToken: ct), cancellationToken);
    }

    /// <summary>Every product matching a merchant and/or category, fetched a page at a time.</summary>
    public virtual IAsyncEnumerable<Product> SearchAllAsync(string? merchant = null, string? category = null, int pageSize = 100, CancellationToken cancellationToken = default)
    {
        Paging.RequireValid(1, pageSize);
        return Paging.Walk(
            _invoker.State.Options.MaxPagesPerEnumeration,
            (page, ct) => _invoker.SendAsync(_api, (api, c) => api.SearchAsync(merchant: merchant, category: category, page: page, limit: pageSize, cancellationToken: c), ct),
            result => result.Products,
            (result, page) => HasPageAfter(result, page, pageSize),
            cancellationToken);
    }

    // The product envelope is inferred: trust totalPages when present, else assume more while pages come back full.
    private static bool HasPageAfter(ProductPage result, int page, int pageSize) =>
        result.Pagination?.TotalPages is { } totalPages ? page < totalPages : result.Products?.Count >= pageSize;
}
