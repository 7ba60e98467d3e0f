using Newtonsoft.Json;
using RichardSzalay.MockHttp;
using UGiftMe.Models;
using UGiftMe.Testing;
using UGiftMe.Tests.Facade.Http;
using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Tests.Generated;

/// <summary>
/// One odd URL must never make a whole page, order or subscription unreadable (issue #11, point 5): every URL field
/// of every response the spec describes is text, read through the SDK and kept verbatim, whatever it holds.
/// </summary>
public sealed class OddUrlValueTests : MockedClientTest
{
    /// <summary>Values a server could plausibly send in a URL field, none of them a well-formed absolute URL.</summary>
    public static readonly IReadOnlyList<string> OddUrls =
    [
        "https://",
        "https://gift+cards.example.com/card.png",
        "https://cdn.example.com/gift card.png",
        " https://cdn.example.com/card.png ",
        "/images/card.png",
        "//cdn.example.com/card.png",
        "https://bücher.example/カード.png?größe=groß",
        "",
        "https://cdn.example.com/%E0%A4%A",
        "https://[::1/card.png",
        "not a url",
    ];

    /// <summary>URL fields of request bodies: the SDK takes a <see cref="Uri"/> for them and checks it before sending.</summary>
    private static readonly string[] RequestOnlyUrlFields = ["CreateWebhookRequest.url", "UpdateWebhookRequest.url"];

    /// <summary>Every response URL field of the spec, and the test below that reads it through the SDK.</summary>
    private static readonly Dictionary<string, string> Covered = new(StringComparer.Ordinal)
    {
        ["Product.imageUrl"] = "a page of products",
        ["BusinessOrder.imageUrl"] = "an order, an order history page",
        ["OrderProduct.imageUrl"] = "an order, an order history page",
        ["OrderMerchant.redemptionUrl"] = "an order, an order history page",
        ["WebhookSubscription.url"] = "the webhook list, the update answer",
        ["CreatedWebhook.url"] = "the create answer",
        ["ProductUpdatedEvent.imageUrl"] = "a verified product.updated delivery",
    };

    private const string Secret = "a1b2c3d4e5f678901234567890abcdef1234567890abcdef1234567890abcd";

    public static IEnumerable<TestCaseData> Values() =>
        OddUrls.Select(value => new TestCaseData(value).SetArgDisplayNames(JsonConvert.ToString(value)));

    [Test]
    public void EveryUrlFieldOfTheSpec_IsTextAndCoveredHere()
    {
        var spec = SpecSchemas.All;
        var urlFields = spec.Where(p => p.JsonName.EndsWith("url", StringComparison.OrdinalIgnoreCase)).ToList();

        Assert.That(urlFields.Select(p => $"{p.Schema}.{p.JsonName}"), Is.EquivalentTo(Covered.Keys.Concat(RequestOnlyUrlFields)),
            "a new URL field in the spec needs a case here");
        Assert.That(urlFields.Select(p => p.Type), Is.All.EqualTo("string"));
        foreach (var field in Covered.Keys)
        {
            var (schema, json) = (field.Split('.')[0], field.Split('.')[1]);
            var property = typeof(BusinessOrder).Assembly.GetType("UGiftMe.Models." + schema, throwOnError: true)!.GetProperties()
                .Single(p => p.GetCustomAttributes(typeof(JsonPropertyAttribute), inherit: true).Cast<JsonPropertyAttribute>().Any(a => a.PropertyName == json));
            Assert.That(property.PropertyType, Is.EqualTo(typeof(string)), field);
        }
    }

    [TestCaseSource(nameof(Values))]
    public async Task ProductPage_WithAnOddImageUrl_IsReadWholeAndVerbatim(string odd)
    {
        Mock.When(HttpMethod.Get, TestClients.BaseUrl + "/products").Respond(_ => Responses.Json(200, ProductPageJson(odd)));

        var page = (await Client.Products.ListAsync()).Value;

        Assert.That(page.Products!.Select(p => p.ImageUrl), Is.EqualTo(new[] { "https://cdn.example.com/a.png", odd, "https://cdn.example.com/c.png" }));
        Assert.That(page.Products!.Select(p => p.ProductCode), Is.EqualTo(new[] { "A", "ODD", "C" }), "the other products are read too");
    }

    [TestCaseSource(nameof(Values))]
    public async Task Order_WithOddUrlsInEveryUrlField_IsReadVerbatim(string odd)
    {
        Mock.When(HttpMethod.Get, TestClients.BaseUrl + "/orders/o1").Respond(_ => Responses.Json(200, OrderJson(odd)));
        Mock.When(HttpMethod.Get, TestClients.BaseUrl + "/orders").Respond(_ => Responses.Json(200,
            $$"""{"total":2,"page":1,"totalPages":1,"orders":[{{OrderJson(odd)}},{"_id":"o2","valuePurchased":10}]}"""));

        var order = (await Client.Orders.GetAsync("o1")).Value;
        var history = (await Client.Orders.ListAsync()).Value;

        AssertOddOrder(order, odd);
        AssertOddOrder(history.Orders[0], odd);
        Assert.That(history.Orders[1].ValuePurchased, Is.EqualTo(10m));
    }

    [TestCaseSource(nameof(Values))]
    public async Task WebhookSubscriptions_WithAnOddUrl_AreListedCreatedAndUpdatedVerbatim(string odd)
    {
        Mock.When(HttpMethod.Get, TestClients.BaseUrl + "/webhooks").Respond(_ => Responses.Json(200,
            $$"""[{"_id":"w1","url":{{JsonConvert.ToString(odd)}},"events":["order.succeeded"]},{"_id":"w2","url":"https://shop.example.com/hooks","events":["order.failed"]}]"""));
        Mock.When(HttpMethod.Post, TestClients.BaseUrl + "/webhooks").Respond(_ => Responses.Json(201,
            $$"""{"id":"w3","url":{{JsonConvert.ToString(odd)}},"events":["order.succeeded"],"secret":"{{Secret}}"}"""));
        Mock.When(HttpMethod.Patch, TestClients.BaseUrl + "/webhooks/w1").Respond(_ => Responses.Json(200,
            $$"""{"message":"Webhook updated successfully","webhook":{"_id":"w1","url":{{JsonConvert.ToString(odd)}},"isActive":false} }"""));

        var listed = (await Client.Webhooks.ListAsync()).Value;
        var found = await Client.Webhooks.FindByUrlAsync(new Uri("https://shop.example.com/hooks"));
        var created = (await Client.Webhooks.CreateAsync(new Uri("https://shop.example.com/hooks"), ["order.succeeded"])).Value;
        var updated = (await Client.Webhooks.PauseAsync("w1")).Value;

        Assert.That(listed.Select(w => w.Url), Is.EqualTo(new[] { odd, "https://shop.example.com/hooks" }));
        Assert.That(found.Select(w => w.Id), Is.EqualTo(new[] { "w2" }), "an odd URL is skipped, not a reason to fail the search");
        Assert.That(created.Url, Is.EqualTo(odd));
        Assert.That(created.Id, Is.EqualTo("w3"));
        Assert.That(updated.Webhook.Url, Is.EqualTo(odd));
    }

    [TestCaseSource(nameof(Values))]
    public void ProductUpdatedDelivery_WithAnOddImageUrl_VerifiesAndKeepsIt(string odd)
    {
        var body = $$"""{"_id":"p1","productCode":"AMAZON_UK_STD","merchant":"Amazon UK","imageUrl":{{JsonConvert.ToString(odd)}}}""";
        var delivery = new WebhookSigner(Secret).CreateDelivery(WebhookEventNames.ProductUpdated, System.Text.Encoding.UTF8.GetBytes(body));

        var evt = new WebhookVerifier(Secret).Verify(delivery.BodyText, delivery.ToWebhookHeaders());

        Assert.That(evt, Is.InstanceOf<WebhookEvent<ProductUpdatedEvent>>());
        Assert.That(((WebhookEvent<ProductUpdatedEvent>)evt).Payload.ImageUrl, Is.EqualTo(odd));
        Assert.That(((WebhookEvent<ProductUpdatedEvent>)evt).Payload.ProductCode, Is.EqualTo("AMAZON_UK_STD"));
    }

    [Test]
    public async Task OverRealHttp_APageWithEveryOddUrlAndAnOrder_AreReadVerbatim()
    {
        var odd = string.Join(",", OddUrls.Select((url, i) => $$"""{"productCode":"P{{i}}","imageUrl":{{JsonConvert.ToString(url)}}}"""));
        var oddOrder = OrderJson(OddUrls[6]);
        await using var server = new LoopbackServer(head => head.StartsWith("GET /api/v1/business/products", StringComparison.Ordinal)
            ? LoopbackServer.Raw("200 OK", "Content-Type: application/json; charset=utf-8\r\n", $$"""{"success":true,"products":[{{odd}}],"pagination":{"total":{{OddUrls.Count}}} }""")
            : LoopbackServer.Raw("200 OK", "Content-Type: application/json\r\n", oddOrder));
        using var client = new UGiftMeClient(new UGiftMeClientOptions { ApiKey = TestClients.ApiKey, BaseAddress = server.BaseAddress, Retry = { MaxRetries = 0 } });

        var page = (await client.Products.ListAsync()).Value;
        var order = (await client.Orders.GetAsync("o1")).Value;

        Assert.That(server.Requests, Has.Count.EqualTo(2), "both answers came over the socket");
        Assert.That(page.Products!.Select(p => p.ImageUrl), Is.EqualTo(OddUrls));
        AssertOddOrder(order, OddUrls[6]);
    }

    private static string ProductPageJson(string odd) =>
        $$"""
        {"success":true,"products":[
          {"_id":"a","productCode":"A","imageUrl":"https://cdn.example.com/a.png","minValue":5},
          {"_id":"odd","productCode":"ODD","imageUrl":{{JsonConvert.ToString(odd)}},"minValue":10},
          {"_id":"c","productCode":"C","imageUrl":"https://cdn.example.com/c.png","minValue":15}],
         "pagination":{"total":3,"totalPages":1,"currentPage":1,"limit":10} }
        """;

    private static string OrderJson(string odd)
    {
        var url = JsonConvert.ToString(odd);
        return $$"""
            {"_id":"o1","productCode":"AMAZON_UK_STD","imageUrl":{{url}},"product":{"productCode":"AMAZON_UK_STD","imageUrl":{{url}}},
             "merchant":{"name":"Amazon UK","voucherCode":"XXXX","redemptionUrl":{{url}}},"currency":"GBP","valuePurchased":50.25}
            """;
    }

    private static void AssertOddOrder(BusinessOrder order, string odd)
    {
        Assert.That(order.ImageUrl, Is.EqualTo(odd));
        Assert.That(order.Product!.ImageUrl, Is.EqualTo(odd));
        Assert.That(order.Merchant!.RedemptionUrl, Is.EqualTo(odd));
        Assert.That(order.Merchant.VoucherCode, Is.EqualTo("XXXX"), "the fields next to the odd URL are read too");
        Assert.That(order.ValuePurchased, Is.EqualTo(50.25m));
    }
}
