namespace UGiftMe.Sandbox.Catalog;

/// <summary>The configured products, looked up by code (case-sensitive, as codes are identifiers).</summary>
internal sealed class ProductCatalog
{
    private readonly Dictionary<string, SandboxProduct> _byCode;

    public ProductCatalog(IEnumerable<SandboxProduct> products)
    {
        Products = [.. products];
        _byCode = Products.ToDictionary(p => p.ProductCode, StringComparer.Ordinal);
    }

    public IReadOnlyList<SandboxProduct> Products { get; }

    public SandboxProduct? Find(string productCode) => _byCode.GetValueOrDefault(productCode);
}
