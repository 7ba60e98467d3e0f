namespace UGiftMe.IntegrationTests.Products;

public class ProductsTests : IntegrationTest
{
    [Test]
    public async Task GetFiltersAsync_DefaultCatalog_ReturnsItsCategoriesAndMerchants()
    {
        var harness = await StartAsync();

        CatalogFilters filters = await harness.Client.Products.GetFiltersAsync();

        Assert.That(filters.Merchants, Is.EquivalentTo(new[] { "Amazon UK", "John Lewis", "Tesco" }));
        Assert.That(filters.Categories, Is.EquivalentTo(new[] { "Shopping", "Department Stores", "Groceries" }));
    }

    [Test]
    public async Task ListAllAsync_PageSizeOne_WalksEveryPageOnce()
    {
        var harness = await StartAsync();

        var codes = new List<string?>();
        await foreach (var product in harness.Client.Products.ListAllAsync(pageSize: 1))
        {
            codes.Add(product.ProductCode);
        }

        Assert.That(codes, Is.EqualTo(new[] { "AMAZON_UK_STD", "JL_UK_STD", "TESCO-GBP-50" }));
        Assert.That(harness.Validator.CheckedCount, Is.EqualTo(3), "one request per page, none after the last");
    }

    [Test]
    public async Task ListAsync_SecondPageOfTwo_ReportsPagination()
    {
        var harness = await StartAsync();

        ProductPage page = await harness.Client.Products.ListAsync(page: 2, pageSize: 2);

        Assert.That(page.Products!.Select(p => p.ProductCode), Is.EqualTo(new[] { "TESCO-GBP-50" }));
        Assert.That(page.Pagination!.TotalPages, Is.EqualTo(2));
        Assert.That(page.Pagination.Total, Is.EqualTo(3));
    }

    [Test]
    public async Task SearchAllAsync_ByMerchantAndByCategory_ReturnsOnlyMatches()
    {
        var harness = await StartAsync();

        var byMerchant = new List<Product>();
        await foreach (var product in harness.Client.Products.SearchAllAsync(merchant: "Tesco"))
        {
            byMerchant.Add(product);
        }

        ProductPage byCategory = await harness.Client.Products.SearchAsync(category: "Department Stores");

        Assert.That(byMerchant.Select(p => p.ProductCode), Is.EqualTo(new[] { "TESCO-GBP-50" }));
        Assert.That(byMerchant.Single().Denominations, Is.EqualTo(new[] { 50d }));
        Assert.That(byCategory.Products!.Select(p => p.ProductCode), Is.EqualTo(new[] { "JL_UK_STD" }));
    }
}
