using System.Text;
using Newtonsoft.Json.Linq;

namespace UGiftMe.Benchmarks;

/// <summary>
/// Response and webhook bodies from the documented examples in <c>UGiftMe.Tests/Fixtures</c> (embedded in this
/// assembly), as the compact JSON a server would send.
/// </summary>
internal static class DocumentedBodies
{
    public const string OrderId = "65b0d1e2f3a4b56789012345";

    public static string OrderDetails => Body("order-details-200.json");

    public static string CreatedOrder => Body("create-order-201.json");

    /// <summary>The documented <c>order.succeeded</c> delivery body.</summary>
    public static string OrderSucceeded => Body("order.succeeded.json");

    /// <summary>An order-history page of <paramref name="orders"/> orders, each the documented history item with its own id.</summary>
    public static string OrderHistoryPage(int orders)
    {
        var page = JObject.Parse(Body("order-history-200.json"));
        var template = (JObject)((JArray)page["orders"]!)[0];
        var items = new JArray();
        for (var i = 0; i < orders; i++)
        {
            var order = (JObject)template.DeepClone();
            order["_id"] = $"65b0d1e2f3a4b5678901{i:x4}";
            order["valuePurchased"] = 10 + (i % 9 * 5);
            items.Add(order);
        }

        page["orders"] = items;
        page["total"] = orders * 3;
        return page.ToString(Newtonsoft.Json.Formatting.None);
    }

    /// <summary>
    /// An <c>order.succeeded</c> delivery body of exactly <paramref name="bytes"/> UTF-8 bytes: the documented event,
    /// with copies of the documented order in its result to reach the size (trailing spaces make up the rest).
    /// </summary>
    public static byte[] OrderSucceededWebhook(int bytes)
    {
        var webhook = JObject.Parse(Body("order.succeeded.json"));
        var order = JObject.Parse(OrderDetails);
        var orders = new JArray();
        ((JObject)webhook["result"]!)["orders"] = orders;
        var text = webhook.ToString(Newtonsoft.Json.Formatting.None);
        var orderSize = Encoding.UTF8.GetByteCount(order.ToString(Newtonsoft.Json.Formatting.None)) + 1;
        while (Encoding.UTF8.GetByteCount(text) + orderSize <= bytes)
        {
            orders.Add(order.DeepClone());
            text = webhook.ToString(Newtonsoft.Json.Formatting.None);
        }

        var size = Encoding.UTF8.GetByteCount(text);
        if (size > bytes)
        {
            throw new ArgumentOutOfRangeException(nameof(bytes), $"The smallest order.succeeded body is {size} bytes.");
        }

        return Encoding.UTF8.GetBytes(text + new string(' ', bytes - size));
    }

    private static string Body(string resource)
    {
        using var stream = typeof(DocumentedBodies).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The fixture {resource} is not embedded in the benchmark assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return JObject.Parse(reader.ReadToEnd())["body"]!.ToString(Newtonsoft.Json.Formatting.None);
    }
}
