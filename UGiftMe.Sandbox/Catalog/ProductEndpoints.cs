using System.Text.Json.Serialization;
using UGiftMe.Sandbox.Auth;
using UGiftMe.Sandbox.Hosting;
using UGiftMe.Sandbox.Http;
using UGiftMe.Sandbox.Json;
using UGiftMe.Sandbox.Orders;

namespace UGiftMe.Sandbox.Catalog;

/// <summary><c>/products</c>, <c>/products/search</c> and <c>/products/filters</c>.</summary>
internal static class ProductEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        var products = routes.MapGroup(ApiKeyMiddleware.BusinessPrefix + "/products");
        products.MapGet(string.Empty, context => PageAsync(context, filter: false));
        products.MapGet("/search", context => PageAsync(context, filter: true));
        products.MapGet("/filters", Filters);
    }

    private static Task PageAsync(HttpContext context, bool filter)
    {
        var sandbox = context.RequestServices.GetRequiredService<SandboxContext>();
        if (!PageRequest.TryRead(context, 10, out var page, out var problem))
        {
            return SandboxJson.WriteErrorAsync(context, StatusCodes.Status400BadRequest, "Validation failed", problem);
        }

        var merchant = filter ? context.Request.Query["merchant"].ToString() : string.Empty;
        var category = filter ? context.Request.Query["category"].ToString() : string.Empty;
        var matches = sandbox.Catalog.Products
            .Where(p => merchant.Length == 0 || string.Equals(p.Merchant, merchant, StringComparison.OrdinalIgnoreCase))
            .Where(p => category.Length == 0 || string.Equals(p.Category, category, StringComparison.OrdinalIgnoreCase))
            .ToList();
        return SandboxJson.WriteAsync(
            context,
            StatusCodes.Status200OK,
            new ProductPageBody(
                true,
                [.. matches.Skip(page.Skip).Take(page.Limit).Select(ProductBody.From)],
                new SearchPaginationBody(
                    matches.Count, PageRequest.TotalPages(matches.Count, page.Limit), page.Page, page.Limit)));
    }

    private static Task Filters(HttpContext context)
    {
        var sandbox = context.RequestServices.GetRequiredService<SandboxContext>();
        var products = sandbox.Catalog.Products;
        return SandboxJson.WriteAsync(
            context,
            StatusCodes.Status200OK,
            new CatalogFiltersBody(
                [.. products.Select(p => p.Category).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
                [.. products.Select(p => p.Merchant).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]));
    }
}

internal sealed record CatalogFiltersBody(IReadOnlyList<string> Categories, IReadOnlyList<string> Merchants);

internal sealed record ProductPageBody(
    bool Success, IReadOnlyList<ProductBody> Products, SearchPaginationBody Pagination);

internal sealed record ProductBody
{
    [JsonPropertyName("_id")]
    public required string Id { get; init; }

    public required string ProductCode { get; init; }

    public required string Name { get; init; }

    public required string Merchant { get; init; }

    public required string Category { get; init; }

    public required string Currency { get; init; }

    public Uri? ImageUrl { get; init; }

    public decimal? MinValue { get; init; }

    public decimal? MaxValue { get; init; }

    public IReadOnlyList<decimal>? Denominations { get; init; }

    public bool IsActive { get; init; } = true;

    public static ProductBody From(SandboxProduct product) => new()
    {
        Id = "prod_" + product.ProductCode,
        ProductCode = product.ProductCode,
        Name = product.Name,
        Merchant = product.Merchant,
        Category = product.Category,
        Currency = product.Currency,
        ImageUrl = product.ImageUrl,
        MinValue = product.Denominations.Count > 0 ? product.Denominations.Min() : product.MinValue,
        MaxValue = product.Denominations.Count > 0 ? product.Denominations.Max() : product.MaxValue,
        Denominations = product.Denominations.Count > 0 ? [.. product.Denominations] : null,
    };
}
