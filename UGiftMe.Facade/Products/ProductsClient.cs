using UGiftMe.Generated;
using UGiftMe.Models;

namespace UGiftMe;

/// <summary>The catalog available to the key. The list and search endpoints are inferred from the docs (see the spec).</summary>
public class ProductsClient
{
    private readonly UGiftMePipeline _pipeline = null!;

    internal ProductsClient(UGiftMePipeline pipeline) => _pipeline = pipeline;

    /// <summary>For mocking in tests.</summary>
    protected ProductsClient()
    {
    }

    /// <summary>The distinct categories and merchants of the catalog.</summary>
    public virtual Task<UGiftMeResult<CatalogFilters>> GetFiltersAsync(CancellationToken cancellationToken = default) =>
        _pipeline.SendAsync(ProductsApi.BuildGetFilters(_pipeline.BaseUrl), ProductsApi.ReadGetFilters, ProductsApi.ReadGetFiltersError, cancellationToken);

    /// <summary>One page of the catalog.</summary>
    /// <param name="page">1-based page number.</param>
    /// <param name="pageSize">Products per page; the server's default when null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public virtual Task<UGiftMeResult<ProductPage>> ListAsync(int page = 1, int? pageSize = null, CancellationToken cancellationToken = default)
    {
        Paging.RequireValid(page, pageSize);
        return _pipeline.SendAsync(ProductsApi.BuildList(_pipeline.BaseUrl, page: page, limit: pageSize), ProductsApi.ReadList, ProductsApi.ReadListError, cancellationToken);
    }

    /// <summary>The whole catalog, fetched a page at a time as it is enumerated.</summary>
    public virtual IAsyncEnumerable<Product> ListAllAsync(int pageSize = 100, CancellationToken cancellationToken = default) =>
        WalkAll((page, ct) => ListAsync(page, pageSize, ct), pageSize, cancellationToken);

    /// <summary>One page of products matching a merchant and/or category.</summary>
    public virtual Task<UGiftMeResult<ProductPage>> SearchAsync(string? merchant = null, string? category = null, int page = 1, int? pageSize = null, CancellationToken cancellationToken = default)
    {
        Paging.RequireValid(page, pageSize);
        return _pipeline.SendAsync(ProductsApi.BuildSearch(_pipeline.BaseUrl, merchant: merchant, category: category, page: page, limit: pageSize), ProductsApi.ReadSearch, ProductsApi.ReadSearchError, cancellationToken);
    }

    /// <summary>Every product matching a merchant and/or category, fetched a page at a time.</summary>
    public virtual IAsyncEnumerable<Product> SearchAllAsync(string? merchant = null, string? category = null, int pageSize = 100, CancellationToken cancellationToken = default) =>
        WalkAll((page, ct) => SearchAsync(merchant, category, page, pageSize, ct), pageSize, cancellationToken);

    // The product envelope is inferred: trust totalPages when present, else assume more while pages come back full.
    private IAsyncEnumerable<Product> WalkAll(Func<int, CancellationToken, Task<UGiftMeResult<ProductPage>>> fetchPage, int pageSize, CancellationToken cancellationToken)
    {
        Paging.RequireValid(1, pageSize);
        return Paging.Walk(
            _pipeline.Client.Options.MaxPagesPerEnumeration,
            fetchPage,
            result => result.Products,
            (result, page) => result.Pagination?.TotalPages is { } totalPages ? page < totalPages : result.Products?.Count >= pageSize,
            cancellationToken);
    }
}
