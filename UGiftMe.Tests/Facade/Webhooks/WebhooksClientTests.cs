using System.Net;
using Newtonsoft.Json.Linq;
using RichardSzalay.MockHttp;
using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Tests.Facade.Webhooks;

public sealed class WebhooksClientTests : MockedClientTest
{
    private const string Hooks = TestClients.BaseUrl + "/webhooks";
    private const string HookId = "65d3f4a5b6c7d89012345678";

    [Test]
    public async Task CreateAsync_ValidSubscription_SendsUrlEventsAndDescriptionAndReturnsTheSecretOnce()
    {
        string? sent = null;
        Mock.Expect(HttpMethod.Post, Hooks).Respond(async request =>
        {
            sent = await request.Content!.ReadAsStringAsync();
            return ScriptedOrderRequests.Json(HttpStatusCode.Created, DocumentedFixture.Load("responses/create-webhook-201.json").BodyText);
        });

        var created = await Client.Webhooks.CreateAsync(new Uri("https://hooks.example.com/ugiftme/inbound"),
            [WebhookEventNames.OrderSucceeded, WebhookEventNames.WalletUpdated, WebhookEventNames.OrderSucceeded], "Production");

        var body = JObject.Parse(sent!);
        Assert.That((string?)body["url"], Is.EqualTo("https://hooks.example.com/ugiftme/inbound"));
        Assert.That(body["events"]!.Values<string>(), Is.EqualTo(new[] { "order.succeeded", "wallet.updated" }), "duplicates are dropped");
        Assert.That((string?)body["description"], Is.EqualTo("Production"));
        Assert.That(created.Value.Id, Is.EqualTo(HookId));
        Assert.That(created.Value.Secret, Has.Length.EqualTo(62));
        Assert.That(created.Metadata.IdempotencyKey, Is.Null, "webhook create is not an order create");
    }

    [TestCase("http://hooks.example.com/in", "HTTPS")]
    [TestCase("ftp://hooks.example.com/in", "absolute HTTPS URL")]
    public void CreateAsync_UrlThatCannotReceive_IsRefusedBeforeSending(string url, string expected)
    {
        var anything = Mock.When("*").Respond(HttpStatusCode.Created);

        Assert.That(() => Client.Webhooks.CreateAsync(new Uri(url), [WebhookEventNames.OrderFailed]),
            Throws.ArgumentException.With.Message.Contains(expected));
        Assert.That(Mock.GetMatchCount(anything), Is.Zero);
    }

    [TestCase("http://hook-user:hook-pass@hooks.example.com/in?token=s3cr3t-token", "http://***@hooks.example.com/in?token=***")]
    [TestCase("ftp://hook-user:hook-pass@hooks.example.com/in?token=s3cr3t-token", "ftp://***@hooks.example.com/***")]
    public void CreateAsync_RefusedUrl_IsNamedInTheErrorWithoutItsUserInfoOrQueryValues(string url, string named)
    {
        var refused = Assert.ThrowsAsync<ArgumentException>(() => Client.Webhooks.CreateAsync(new Uri(url), [WebhookEventNames.OrderFailed]));

        Assert.That(refused!.Message, Does.Contain("'" + named + "'"), "the URL is still named");
        Assert.That(refused.Message, Does.Not.Contain("s3cr3t-token").And.Not.Contain("hook-pass").And.Not.Contain("hook-user"));
    }

    [Test]
    public async Task CreateAsync_PlainHttpOnLoopback_IsAllowedForLocalDevelopment()
    {
        Mock.Expect(HttpMethod.Post, Hooks).Respond(HttpStatusCode.Created, "application/json", """{"id":"x","secret":"s"}""");

        var created = await Client.Webhooks.CreateAsync(new Uri("http://127.0.0.1:5080/hooks"), [WebhookEventNames.OrderFailed]);

        Assert.That(created.Value.Id, Is.EqualTo("x"));
        Mock.VerifyNoOutstandingExpectation();
    }

    [Test]
    public void CreateAsync_NoEvents_IsRefusedListingTheAllowedOnes()
    {
        Assert.That(() => Client.Webhooks.CreateAsync(new Uri("https://h.example.com/"), []),
            Throws.ArgumentException.With.Message.Contains("At least one event").And.Message.Contains("order.queued"));
    }

    [Test]
    public void CreateAsync_UnknownAndTestEvents_AreRefusedNamingEachAndPointingToSendTest()
    {
        var error = Assert.Throws<ArgumentException>(() => Client.Webhooks.CreateAsync(new Uri("https://h.example.com/"), ["order.shipped", "webhook.test"]));

        Assert.That(error!.Message, Does.Contain("'order.shipped'").And.Contain("'webhook.test'").And.Contain("SendTestAsync"));
    }

    [Test]
    public void UpdateAsync_NothingToChange_IsRefused()
    {
        Assert.That(() => Client.Webhooks.UpdateAsync(HookId, new WebhookUpdate()), Throws.ArgumentException.With.Message.Contains("at least one"));
    }

    [Test]
    public void UpdateAsync_PaymentEvents_AreRefusedBecauseTheUpdateEndpointDoesNotAllowThem()
    {
        Assert.That(() => Client.Webhooks.UpdateAsync(HookId, new WebhookUpdate { Events = [WebhookEventNames.PaymentFailed] }),
            Throws.ArgumentException.With.Message.Contains("'payment.failed'"));
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task PauseAndResume_SendOnlyIsActive(bool resume)
    {
        string? sent = null;
        Mock.Expect(new HttpMethod("PATCH"), $"{Hooks}/{HookId}").Respond(async request =>
        {
            sent = await request.Content!.ReadAsStringAsync();
            return ScriptedOrderRequests.Json(HttpStatusCode.OK, DocumentedFixture.Load("responses/update-webhook-200.json").BodyText);
        });

        var updated = resume ? await Client.Webhooks.ResumeAsync(HookId) : await Client.Webhooks.PauseAsync(HookId);

        Assert.That(JObject.Parse(sent!).Properties().Select(p => p.Name), Is.EqualTo(new[] { "isActive" }));
        Assert.That((bool)JObject.Parse(sent!)["isActive"]!, Is.EqualTo(resume));
        Assert.That(updated.Value.Webhook.Url, Is.EqualTo("https://hooks.example.com/ugiftme/v2/inbound"));
    }

    [TestCase(HttpStatusCode.OK)]
    [TestCase(HttpStatusCode.NoContent)]
    public async Task DeleteAsync_200Or204_Succeeds(HttpStatusCode status)
    {
        Mock.Expect(HttpMethod.Delete, $"{Hooks}/{HookId}").Respond(status);

        var metadata = await Client.Webhooks.DeleteAsync(HookId);

        Assert.That(metadata.StatusCode, Is.EqualTo((int)status));
    }

    [Test]
    public void DeleteAsync_UnknownId_ThrowsNotFound()
    {
        Mock.Expect(HttpMethod.Delete, $"{Hooks}/nope").Respond(HttpStatusCode.NotFound, "application/json", """{"error":"Webhook not found"}""");

        var error = Assert.ThrowsAsync<ResourceNotFoundException>(() => Client.Webhooks.DeleteAsync("nope"));

        Assert.That(error!.Error, Is.EqualTo("Webhook not found"));
    }

    [Test]
    public async Task SendTestAsync_ReceiverFailed_IsReportedInTheResultNotThrown()
    {
        Mock.Expect(HttpMethod.Post, $"{Hooks}/test").WithPartialContent(HookId)
            .Respond("application/json", """{"ok":false,"payload":{"type":"webhook.test","sentAt":"2025-04-11T08:15:00.000Z","data":{}},"statusCode":500,"errorMessage":"Internal Server Error"}""");

        var result = await Client.Webhooks.SendTestAsync(HookId);

        Assert.That(result.Value.Ok, Is.False);
        Assert.That(result.Value.StatusCode, Is.EqualTo(500));
        Assert.That(result.Value.Payload.Type, Is.EqualTo("webhook.test"));
    }

    [Test]
    public void SendTestAsync_503_IsNotRetriedBecauseItCarriesNoIdempotencyKey()
    {
        var test = Mock.When(HttpMethod.Post, $"{Hooks}/test").Respond(HttpStatusCode.ServiceUnavailable, "application/json", """{"error":"down"}""");

        var error = Assert.ThrowsAsync<ServerErrorException>(() => Client.Webhooks.SendTestAsync(HookId));

        Assert.That(error!.RetryCount, Is.Zero);
        Assert.That(Mock.GetMatchCount(test), Is.EqualTo(1));
    }

    [Test]
    public async Task ListAndGetTestSample_ReadTheDocumentedBodies()
    {
        Mock.When(HttpMethod.Get, Hooks).Respond("application/json", DocumentedFixture.Load("responses/list-webhooks-200.json").BodyText);
        Mock.When(HttpMethod.Get, $"{Hooks}/test-sample").Respond("application/json", DocumentedFixture.Load("responses/test-delivery-sample-200.json").BodyText);

        var list = await Client.Webhooks.ListAsync();
        var sample = await Client.Webhooks.GetTestSampleAsync();

        Assert.That(list.Value.Single().DeliveryStats!.Success, Is.EqualTo(142));
        Assert.That(sample.Value.Event, Is.EqualTo("webhook.test"));
    }

    [Test]
    public async Task FindByUrlAsync_SubscriptionsUnderSeveralSpellings_MatchesOnlyTheSameUrlByTheDocumentedRules()
    {
        string Hook(string id, string? url) => $$"""{"_id":"{{id}}","url":{{(url is null ? "null" : $"\"{url}\"")}},"events":["order.succeeded"],"isActive":true}""";
        var list = Mock.Expect(HttpMethod.Get, Hooks).Respond("application/json", "[" + string.Join(",",
            Hook("exact", "https://hooks.example.com/ugiftme/inbound?tenant=7"),
            Hook("host-case-default-port", "HTTPS://Hooks.Example.COM:443/ugiftme/inbound?tenant=7"),
            Hook("fragment", "https://hooks.example.com/ugiftme/inbound?tenant=7#ignored"),
            Hook("path-case", "https://hooks.example.com/UGiftMe/inbound?tenant=7"),
            Hook("trailing-slash", "https://hooks.example.com/ugiftme/inbound/?tenant=7"),
            Hook("other-query", "https://hooks.example.com/ugiftme/inbound?tenant=8"),
            Hook("no-query", "https://hooks.example.com/ugiftme/inbound"),
            Hook("other-port", "https://hooks.example.com:8443/ugiftme/inbound?tenant=7"),
            Hook("http", "http://hooks.example.com/ugiftme/inbound?tenant=7"),
            Hook("not-a-url", "hooks.example.com/ugiftme/inbound?tenant=7"),
            Hook("no-url", null)) + "]");

        var found = await Client.Webhooks.FindByUrlAsync(new Uri("https://hooks.example.com/ugiftme/inbound?tenant=7"));

        Assert.That(found.Select(s => s.Id), Is.EqualTo(new[] { "exact", "host-case-default-port", "fragment" }));
        Assert.That(Mock.GetMatchCount(list), Is.EqualTo(1), "one GET /webhooks, nothing else");
    }

    [Test]
    public void FindByUrlAsync_NullUrl_IsRefusedBeforeSending()
    {
        var anything = Mock.When("*").Respond("application/json", "[]");

        Assert.That(() => Client.Webhooks.FindByUrlAsync(null!), Throws.ArgumentNullException);
        Assert.That(Mock.GetMatchCount(anything), Is.Zero);
    }
}
