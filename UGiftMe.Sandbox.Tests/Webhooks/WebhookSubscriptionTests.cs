using System.Net;
using UGiftMe.Sandbox.Tests.TestSupport;

namespace UGiftMe.Sandbox.Tests.Webhooks;

public class WebhookSubscriptionTests
{
    private static readonly object NewWebhook = new
    {
        url = "https://hooks.example.com/ugiftme/inbound",
        events = new[] { "order.succeeded", "wallet.updated" },
        description = "Production order notifications",
    };

    [Test]
    public async Task Create_Valid_Returns201WithIdAndSecretOnce()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var client = sandbox.CreateClient();

        using var created = await Api.PostAsync(client, "webhooks", NewWebhook);
        var body = await Api.JsonAsync(created);
        using var listed = await Api.GetAsync(client, "webhooks");
        var list = (await Api.JsonAsync(listed)).AsArray();

        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((string?)body["secret"], Does.Match("^[0-9a-f]{64}$"));
        Assert.That((string?)body["id"], Does.Match("^[0-9a-f]{24}$"));
        Assert.That((string?)list.Single()!["_id"], Is.EqualTo((string?)body["id"]));
        Assert.That(list.Single()!["secret"], Is.Null);
        Assert.That(list.Single()!["deliveryStats"]!.ToJsonString(), Is.EqualTo("""{"success":0,"failed":0}"""));
    }

    [TestCase("""{"url":"https://x.example/h","events":["order.succeeded","order.exploded"]}""", true)]
    [TestCase("""{"url":"https://x.example/h","events":[]}""", true)]
    [TestCase("""{"url":"https://x.example/h"}""", true)]
    [TestCase("""{"url":"not a url","events":["order.failed"]}""", false)]
    [TestCase("""{"events":["order.failed"]}""", false)]
    public async Task Create_Invalid_Is400(string json, bool listsValidEvents)
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var client = sandbox.CreateClient();

        using var response = await Api.PostRawAsync(client, "webhooks", json);
        var body = await Api.JsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((string?)body["message"], Is.Not.Empty);
        Assert.That(body["validEvents"] is not null, Is.EqualTo(listsValidEvents));
    }

    [Test]
    public async Task Update_SomeFields_ChangesThemKeepsTheRestAndHidesSecret()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var client = sandbox.CreateClient();
        using var created = await Api.PostAsync(client, "webhooks", NewWebhook);
        var id = (string)(await Api.JsonAsync(created))["id"]!;

        using var updated = await Api.PatchAsync(client, "webhooks/" + id, new { isActive = false, events = new[] { "order.failed" } });
        var body = await Api.JsonAsync(updated);

        Assert.That(updated.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((string?)body["message"], Is.EqualTo("Webhook updated successfully"));
        Assert.That((bool?)body["webhook"]!["isActive"], Is.False);
        Assert.That((string?)body["webhook"]!["url"], Is.EqualTo("https://hooks.example.com/ugiftme/inbound"));
        Assert.That(body["webhook"]!["secret"], Is.Null);
        Assert.That(sandbox.State.WebhookSubscriptions.Single().Events, Is.EqualTo(new[] { "order.failed" }));
    }

    [TestCase("""{}""", false)]
    [TestCase("""{"events":[]}""", true)]
    [TestCase("""{"events":["payment.failed"]}""", true)]
    [TestCase("""{"isActive":"no"}""", false)]
    public async Task Update_Invalid_Is400(string json, bool listsValidEvents)
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var client = sandbox.CreateClient();
        using var created = await Api.PostAsync(client, "webhooks", NewWebhook);
        var id = (string)(await Api.JsonAsync(created))["id"]!;

        using var request = new HttpRequestMessage(HttpMethod.Patch, Api.Prefix + "webhooks/" + id)
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        using var response = await client.SendAsync(request);
        var body = await Api.JsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body["validEvents"] is not null, Is.EqualTo(listsValidEvents));
    }

    [Test]
    public async Task UpdateAndDelete_UnknownId_Are404()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var client = sandbox.CreateClient();

        using var patched = await Api.PatchAsync(client, "webhooks/65d3f4a5b6c7d89012345678", new { isActive = true });
        using var deleted = await client.DeleteAsync(Api.Prefix + "webhooks/65d3f4a5b6c7d89012345678");

        Assert.That(patched.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Delete_Existing_RemovesIt()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var client = sandbox.CreateClient();
        using var created = await Api.PostAsync(client, "webhooks", NewWebhook);
        var id = (string)(await Api.JsonAsync(created))["id"]!;

        using var deleted = await client.DeleteAsync(Api.Prefix + "webhooks/" + id);
        using var listed = await Api.GetAsync(client, "webhooks");

        Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await Api.JsonAsync(listed)).AsArray(), Is.Empty);
    }

    [Test]
    public async Task TestSample_ReturnsWebhookTestPayload()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var client = sandbox.CreateClient();

        var body = await Api.JsonAsync(await Api.GetAsync(client, "webhooks/test-sample"));

        Assert.That((string?)body["event"], Is.EqualTo("webhook.test"));
        Assert.That((string?)body["payload"]!["type"], Is.EqualTo("webhook.test"));
    }
}
