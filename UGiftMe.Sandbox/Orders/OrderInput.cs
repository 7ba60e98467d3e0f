using System.Globalization;
using System.Net.Mail;
using System.Text.Json.Nodes;
using UGiftMe.Sandbox.Catalog;
using UGiftMe.Sandbox.Http;
using UGiftMe.Sandbox.Json;

namespace UGiftMe.Sandbox.Orders;

/// <summary>A checked <c>CreateOrderRequest</c> and the product it names.</summary>
internal sealed record OrderInput(
    SandboxProduct Product,
    string Currency,
    decimal Value,
    string? RecipientEmail,
    string? RecipientName,
    string? GiftMessage)
{
    /// <summary>
    /// Checks one order against the schema and the catalog. On failure <paramref name="error"/> is the short
    /// <c>error</c> text (<c>Validation failed</c> or <c>Product not found</c>) and <paramref name="message"/> says why.
    /// </summary>
    public static OrderInput? TryCreate(
        JsonNode? node, ProductCatalog catalog, string walletCurrency, out string error, out string message)
    {
        error = "Validation failed";
        if (node is not JsonObject body)
        {
            message = "Each order must be a JSON object.";
            return null;
        }

        List<string> problems = [];
        var productCode = RequestBody.RequiredString(body, "productCode", problems);
        var merchant = RequestBody.RequiredString(body, "merchant", problems);
        var currency = RequestBody.RequiredString(body, "currency", problems);
        var value = RequestBody.RequiredNumber(body, "valuePurchased", problems);
        var email = RequestBody.OptionalString(body, "recipientEmail", problems);
        var name = RequestBody.OptionalString(body, "recipientName", problems);
        var giftMessage = RequestBody.OptionalString(body, "giftMessage", problems);
        if (email is not null && !MailAddress.TryCreate(email, out _))
        {
            problems.Add("recipientEmail must be an email address");
        }

        if (value is <= 0)
        {
            problems.Add("valuePurchased must be greater than 0");
        }

        if (problems.Count > 0)
        {
            message = string.Join("; ", problems) + ".";
            return null;
        }

        var product = catalog.Find(productCode!);
        if (product is null)
        {
            error = "Product not found";
            message = $"No product with code '{productCode}' is available to this key.";
            return null;
        }

        message = Mismatch(product, merchant!, currency!, value!.Value, walletCurrency) ?? string.Empty;
        return message.Length > 0
            ? null
            : new OrderInput(product, product.Currency, value.Value, email, name, giftMessage);
    }

    /// <summary>The product code of an order item as sent, for <c>rejectedOrders</c>.</summary>
    public static string CodeOf(JsonNode? node) =>
        node is JsonObject body && body["productCode"] is JsonValue code && code.TryGetValue<string>(out var text)
            ? text
            : string.Empty;

    private static string? Mismatch(
        SandboxProduct product, string merchant, string currency, decimal value, string walletCurrency)
    {
        if (!string.Equals(product.Merchant, merchant, StringComparison.OrdinalIgnoreCase))
        {
            return $"Product '{product.ProductCode}' is sold by merchant '{product.Merchant}', not '{merchant}'.";
        }

        if (!string.Equals(product.Currency, currency, StringComparison.OrdinalIgnoreCase))
        {
            return $"Product '{product.ProductCode}' is sold in {product.Currency}, not {currency}.";
        }

        if (!string.Equals(walletCurrency, currency, StringComparison.OrdinalIgnoreCase))
        {
            return $"The wallet holds {walletCurrency}; orders in {currency} cannot be paid from it.";
        }

        if (product.Denominations.Count > 0)
        {
            return product.Denominations.Contains(value)
                ? null
                : $"Product '{product.ProductCode}' is only sold in values {Join(product.Denominations)}.";
        }

        return value < product.MinValue || value > product.MaxValue
            ? $"valuePurchased for '{product.ProductCode}' must be between {Format(product.MinValue)} and "
              + $"{Format(product.MaxValue)}."
            : null;
    }

    public static string Format(decimal value) =>
        NormalizedDecimalConverter.Normalize(value).ToString(CultureInfo.InvariantCulture);

    private static string Join(IEnumerable<decimal> values) => string.Join(", ", values.Select(Format));
}
