using System.CommandLine;
using UGiftMe.Cli.Output;

namespace UGiftMe.Cli.Api;

/// <summary><c>ugiftme products</c>: the catalog available to the key, every page.</summary>
internal static class ProductsCommand
{
    public static Command Create()
    {
        var command = new Command("products", "List the catalog available to the key (GET /products, every page).");
        var merchant = new Option<string?>("--merchant") { Description = "Only this merchant's products (GET /products/search)." };
        command.Options.Add(merchant);
        var api = ApiConnection.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => api.RunAsync(
            parseResult,
            async (client, ct) =>
            {
                var only = parseResult.GetValue(merchant);
                var source = only is null ? client.Products.ListAllAsync(cancellationToken: ct) : client.Products.SearchAllAsync(only, cancellationToken: ct);
                var products = new List<Product>();
                await foreach (var product in source.ConfigureAwait(false))
                {
                    products.Add(product);
                }

                if (api.WantsJson(parseResult))
                {
                    JsonOutput.Write(Console.Out, products);
                    return ExitCodes.Success;
                }

                var table = new Table("code", "name", "merchant", "currency", "min", "max", "denominations");
                foreach (var product in products)
                {
                    table.Add(
                        product.ProductCode, product.Name, product.Merchant, product.Currency, product.MinValue,
                        product.MaxValue, product.Denominations is { Count: > 0 } values ? values : null);
                }

                table.WriteTo(Console.Out);
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }
}
