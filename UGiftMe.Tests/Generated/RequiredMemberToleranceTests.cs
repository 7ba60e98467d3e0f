using System.Reflection;
using Newtonsoft.Json;
using RichardSzalay.MockHttp;
using UGiftMe.Models;
using UGiftMe.Tests.TestSupport;
using YamlDotNet.RepresentationModel;

namespace UGiftMe.Tests.Generated;

/// <summary>
/// The spec marks members <c>required</c> so that contract checks notice a server that stops sending them; the SDK
/// still reads such a response. Every response model (every schema without <c>x-ugiftme-strict</c>, which marks
/// request bodies and webhook payloads) is deserialized with each required member set to <c>null</c> and left out: no
/// exception, and the member reads as null (or its empty default) instead of a made-up value. Strict models keep
/// refusing a null required member.
/// </summary>
public sealed class RequiredMemberToleranceTests : MockedClientTest
{
    private static readonly NullabilityInfoContext Nullability = new();

    public static IEnumerable<TestCaseData> RequiredResponseMembers()
    {
        foreach (var (schema, member) in RequiredMembers(strictModels: false))
        {
            yield return new TestCaseData(schema, member).SetName($"Response {schema}.{member}");
        }
    }

    [Test]
    public void Spec_HasRequiredMembersInTolerantAndStrictModels()
    {
        Assert.That(RequiredMembers(strictModels: false).Select(m => m.Schema).Distinct(),
            Is.SupersetOf(new[] { "Wallet", "CreatedWebhook", "WebhookSubscription", "AuthVerification", "OrderRequest", "BusinessOrder", "TestDeliveryPayload" }));
        Assert.That(RequiredMembers(strictModels: true).Select(m => m.Schema).Distinct(),
            Is.SupersetOf(new[] { "CreateOrderRequest", "CreateWebhookRequest", "WalletUpdatedEvent", "WebhookTestEvent" }));
    }

    [TestCaseSource(nameof(RequiredResponseMembers))]
    public void ResponseModel_RequiredMemberExplicitlyNull_DeserializesAndReadsNullOrEmpty(string schema, string member)
    {
        var type = ModelType(schema);
        var property = JsonProperty(type, member);

        var model = JsonConvert.DeserializeObject($"{{\"{member}\":null}}", type);

        Assert.That(model, Is.Not.Null);
        AssertUnset(property, property.GetValue(model));
    }

    [TestCaseSource(nameof(RequiredResponseMembers))]
    public void ResponseModel_RequiredMemberMissing_DeserializesAndReadsNullOrEmpty(string schema, string member)
    {
        var type = ModelType(schema);
        var property = JsonProperty(type, member);

        var model = JsonConvert.DeserializeObject("{}", type);

        Assert.That(model, Is.Not.Null);
        AssertUnset(property, property.GetValue(model));
    }

    [Test]
    public void StrictModel_RequiredMemberExplicitlyNull_IsStillRefused()
    {
        var exception = Assert.Throws<JsonSerializationException>(() => JsonConvert.DeserializeObject<CreateOrderRequest>("""{"productCode":null}"""));

        Assert.That(exception!.Message, Does.Contain("productCode"));
    }

    [Test]
    public async Task WalletList_OneWalletWithNullAndMissingRequiredMembers_IsReadNotRefused()
    {
        Mock.When(HttpMethod.Get, "*/api/v1/business/wallet").Respond(_ => Responses.Json(200, """
            [{"_id":"65c2e3f4a5b6c78901234567","userID":null,"currency":"GBP"},
             {"_id":"65c2e3f4a5b6c78901234568","userID":"507f1f77bcf86cd799439011","currency":"EUR","balance":12.5}]
            """));

        var wallets = (await Client.Wallet.ListAsync()).Value.ToList();

        Assert.That(wallets, Has.Count.EqualTo(2));
        Assert.That(wallets[0].UserID, Is.Null);
        Assert.That(wallets[0].Balance, Is.Null, "a missing balance must read as unknown, not as 0");
        Assert.That(wallets[1].Balance, Is.EqualTo(12.5m));
    }

    [Test]
    public async Task TestDeliveryAnswers_EchoedPayloadWithNullOrMissingSentAt_AreRead_WhileTheDeliveryStaysStrict()
    {
        Mock.When(HttpMethod.Post, "*/api/v1/business/webhooks/test").Respond(_ => Responses.Json(200, """
            {"ok":true,"payload":{"type":"webhook.test","sentAt":null,"data":{"message":"hi"}},"statusCode":200}
            """));
        Mock.When(HttpMethod.Get, "*/api/v1/business/webhooks/test-sample").Respond(_ => Responses.Json(200, """
            {"event":"webhook.test","payload":{"type":"webhook.test","data":{}}}
            """));

        var sent = (await Client.Webhooks.SendTestAsync("65d3f4a5b6c7d89012345678")).Value;
        var sample = (await Client.Webhooks.GetTestSampleAsync()).Value;
        var delivery = Assert.Throws<JsonSerializationException>(() =>
            JsonConvert.DeserializeObject<WebhookTestEvent>("""{"type":"webhook.test","sentAt":null,"data":{}}"""));

        Assert.That(sent.Ok, Is.True, "the answer is read although its echoed payload has a null sentAt");
        Assert.That(sent.Payload.SentAt, Is.Null);
        Assert.That(sent.Payload.Data.Message, Is.EqualTo("hi"));
        Assert.That(sample.Payload.Type, Is.EqualTo("webhook.test"));
        Assert.That(sample.Payload.SentAt, Is.Null);
        Assert.That(delivery!.Message, Does.Contain("sentAt"), "the webhook.test delivery itself is still read strictly");
    }

    [Test]
    public async Task OrderHistory_PageCountsNull_IsReadAndStopsPaging()
    {
        Mock.When(HttpMethod.Get, "*/api/v1/business/orders").Respond(_ => Responses.Json(200, """
            {"total":null,"page":null,"totalPages":null,"orders":[{"_id":"65b0d1e2f3a4b56789012345"}]}
            """));

        var page = (await Client.Orders.ListAsync()).Value;
        var all = new List<BusinessOrder>();
        await foreach (var order in Client.Orders.ListAllAsync())
        {
            all.Add(order);
        }

        Assert.That(page.Total, Is.Null);
        Assert.That(page.Orders.Single().Id, Is.EqualTo("65b0d1e2f3a4b56789012345"));
        Assert.That(all, Has.Count.EqualTo(1), "with no page count, the walk ends after the page it has");
    }

    private static void AssertUnset(PropertyInfo property, object? value)
    {
        if (Nullability.Create(property).ReadState == NullabilityState.Nullable)
        {
            Assert.That(value, Is.Null, $"{property.DeclaringType!.Name}.{property.Name}");
        }
        else
        {
            // Collections and nested objects keep their empty default rather than null.
            Assert.That(value, Is.Not.Null, $"{property.DeclaringType!.Name}.{property.Name} is declared non-null");
        }
    }

    private static Type ModelType(string schema) =>
        typeof(Wallet).Assembly.GetType($"UGiftMe.Models.{schema}") ?? throw new AssertionException($"No model type for schema {schema}.");

    private static PropertyInfo JsonProperty(Type type, string member) =>
        type.GetProperties().SingleOrDefault(p => p.GetCustomAttribute<JsonPropertyAttribute>()?.PropertyName == member)
        ?? throw new AssertionException($"{type.Name} has no property for JSON member {member}.");

    private static IEnumerable<(string Schema, string Member)> RequiredMembers(bool strictModels)
    {
        var yaml = new YamlStream();
        using (var reader = File.OpenText(RepositoryRoot.Combine("openapi", "ugiftme-business.yaml")))
        {
            yaml.Load(reader);
        }

        var schemas = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["components"])["schemas"];
        foreach (var (name, node) in schemas.Children)
        {
            var schema = (YamlMappingNode)node;
            var isStrict = schema.Children.TryGetValue(new YamlScalarNode("x-ugiftme-strict"), out var flag) && ((YamlScalarNode)flag).Value == "true";
            if (isStrict != strictModels || !schema.Children.TryGetValue(new YamlScalarNode("required"), out var required))
            {
                continue;
            }

            foreach (var member in (YamlSequenceNode)required)
            {
                yield return (((YamlScalarNode)name).Value!, ((YamlScalarNode)member).Value!);
            }
        }
    }
}
