using UGiftMe.Generated;
using UGiftMe.Tests.TestSupport;
using YamlDotNet.RepresentationModel;

namespace UGiftMe.Tests.Facade.Webhooks;

/// <summary>
/// The verifier reads bodies by <c>WebhooksApi.WebhookEvents()</c>, which the templates generate from the spec's
/// <c>x-webhooks</c>: every event there, with its payload model and the member that repeats its name, and nothing else.
/// </summary>
public sealed class WebhookPayloadTableTests
{
    [Test]
    public void GeneratedEvents_AreTheSpecsXWebhooks_WithTheirPayloadSchemasAndNameMembers()
    {
        var fromSpec = SpecWebhooks().ToList();

        var generated = WebhooksApi.WebhookEvents()
            .Select(kind => $"{kind.EventName} -> {kind.PayloadType.Name} ({kind.NameMember}={kind.NameValue} with {kind.IdentifiedWith})").ToList();

        Assert.That(fromSpec, Has.Count.GreaterThanOrEqualTo(7));
        Assert.That(generated, Is.EqualTo(fromSpec));
    }

    [Test]
    public void EveryDocumentedEventName_HasAGeneratedEntry_ExceptThePaymentEventsWithoutAPayload()
    {
        var generated = WebhooksApi.WebhookEvents().Select(kind => kind.EventName);

        Assert.That(WebhookEventNames.Subscribable.Append(WebhookEventNames.WebhookTest).Except(generated),
            Is.EquivalentTo(new[] { WebhookEventNames.PaymentSucceeded, WebhookEventNames.PaymentFailed }));
    }

    private static IEnumerable<string> SpecWebhooks()
    {
        var yaml = new YamlStream();
        using (var reader = File.OpenText(RepositoryRoot.Combine("openapi", "ugiftme-business.yaml")))
        {
            yaml.Load(reader);
        }

        var webhooks = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["x-webhooks"];
        foreach (var (name, node) in webhooks.Children)
        {
            var webhook = (YamlMappingNode)node;
            var schema = (YamlMappingNode)webhook["post"]["requestBody"]["content"]["application/json"]["schema"];
            var payload = ((YamlScalarNode)schema["$ref"]).Value!.Split('/')[^1];
            var inBody = webhook.Children.TryGetValue("x-ugiftme-event-in-body", out var found) ? (YamlMappingNode)found : null;
            var with = inBody is not null && inBody.Children.TryGetValue("with", out var identity) ? identity.ToString() : null;
            yield return $"{name} -> {payload} ({inBody?["member"]}={inBody?["value"]} with {with})";
        }
    }
}
