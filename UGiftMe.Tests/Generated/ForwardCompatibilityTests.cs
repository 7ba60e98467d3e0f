using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using UGiftMe.Models;

namespace UGiftMe.Tests.Generated;

/// <summary>A newer server (new status values, new fields) must never break deserialization.</summary>
public sealed class ForwardCompatibilityTests
{
    [Test]
    public void OrderRequest_UnknownStatusAndTypeAndExtraFields_AreKept()
    {
        const string json = """
            {"orderRequestId":"65e4f5b6c7d8e90123456789","status":"on_hold","type":"subscription",
             "priority":3,"audit":{"by":"worker-7"},"createdAt":"2025-04-12T14:20:00.000Z"}
            """;

        var request = JsonConvert.DeserializeObject<OrderRequest>(json)!;

        Assert.That(request.Status, Is.EqualTo("on_hold"));
        Assert.That(request.Type, Is.EqualTo("subscription"));
        Assert.That(request.AdditionalProperties.Keys, Is.EquivalentTo(new[] { "priority", "audit" }));
        var roundTripped = JObject.Parse(JsonConvert.SerializeObject(request));
        Assert.That((string?)roundTripped["audit"]?["by"], Is.EqualTo("worker-7"));
    }

    [Test]
    public void BusinessOrder_NewStatusAndNestedUnknownObject_DeserializeWithoutError()
    {
        const string json = """
            {"_id":"65b0d1e2f3a4b56789012345","status":"redeemed","isRedeemed":true,
             "merchant":{"name":"Amazon UK","pin":"1234"},"valuePurchased":12.345}
            """;

        var order = JsonConvert.DeserializeObject<BusinessOrder>(json)!;

        Assert.That(order.Status, Is.EqualTo("redeemed"));
        Assert.That(order.ValuePurchased, Is.EqualTo(12.345m));
        Assert.That(order.AdditionalProperties["isRedeemed"], Is.EqualTo(true));
        Assert.That(order.Merchant!.AdditionalProperties["pin"], Is.EqualTo("1234"));
    }

    [Test]
    public void WalletTransaction_UnknownTransactionType_IsKeptAsText()
    {
        var transaction = JsonConvert.DeserializeObject<WalletTransaction>("""{"transactionType":"refund","transactionValue":5}""")!;

        Assert.That(transaction.TransactionType, Is.EqualTo("refund"));
        Assert.That(transaction.TransactionValue, Is.EqualTo(5m));
    }

    [Test]
    public void Wallet_OwnerSpeltUserIdInsteadOfUserID_StillFillsTheProperty()
    {
        var wallet = JsonConvert.DeserializeObject<Wallet>("""{"userId":"507f1f77bcf86cd799439011"}""")!;

        Assert.That(wallet.UserID, Is.EqualTo("507f1f77bcf86cd799439011"));
    }

    [Test]
    public void WebhookSubscription_EventNamesTheSdkDoesNotKnow_AreKept()
    {
        var subscription = JsonConvert.DeserializeObject<WebhookSubscription>(
            """{"_id":"65d3f4a5b6c7d89012345678","events":["payment.failed","order.refunded"]}""")!;

        Assert.That(subscription.Events, Is.EqualTo(new[] { "payment.failed", "order.refunded" }));
    }

    [Test]
    public void CreatedWebhook_IdUnderEitherName_IsRead()
    {
        var withId = JsonConvert.DeserializeObject<CreatedWebhook>("""{"id":"a"}""")!;
        var withUnderscoreId = JsonConvert.DeserializeObject<CreatedWebhook>("""{"_id":"b"}""")!;

        Assert.That(withId.Id, Is.EqualTo("a"));
        Assert.That(withUnderscoreId.Id, Is.EqualTo("b"));
    }
}
