using System.Text;
using System.Text.Json.Nodes;
using UGiftMe.Cli.Tests.TestSupport;

namespace UGiftMe.Cli.Tests;

/// <summary>`ugiftme trigger` against a receiver on 127.0.0.1 that checks every signature itself.</summary>
public sealed class TriggerTests
{
    private const string Secret = "whsec-test-0123456789abcdef";

    private static readonly string[] Events =
    [
        "webhook.test", "order.queued", "order.processing", "order.succeeded", "order.failed", "product.updated", "wallet.updated",
    ];

    [TestCaseSource(nameof(Events))]
    [CancelAfter(60_000)]
    public async Task Trigger_EachEvent_PostsTheDocumentedSample_SignedOverTheRawBytes(string eventName, CancellationToken cancellationToken)
    {
        await using var receiver = await WebhookReceiver.StartAsync(Secret);

        var result = await ToolProcess.RunAsync(
            [.. TriggerArguments(eventName, receiver.Url, Secret)], null, cancellationToken);

        Assert.That(result.ExitCode, Is.Zero, result.Transcript);
        Assert.That(result.Output, Does.Contain("200 OK").And.Contain("{\"received\":true}"), "prints the endpoint's status and body");
        var delivery = receiver.Deliveries.Single();
        Assert.That(delivery.SignatureValid, Is.True, "lowercase hex HMAC-SHA256 of the raw body, keyed with the secret");
        Assert.That(delivery.Signature, Does.Match("^[0-9a-f]{64}$"));
        Assert.That(delivery.Event, Is.EqualTo(eventName));
        Assert.That(delivery.ContentType, Is.EqualTo("application/json"));
        Assert.That(delivery.DeliveryHeader, Is.EqualTo(eventName == "webhook.test" ? "test" : string.Empty));
        var documented = JsonNode.Parse(await File.ReadAllTextAsync(Repository.WebhookFixture(eventName), cancellationToken))!["body"]!;
        Assert.That(JsonNode.DeepEquals(JsonNode.Parse(delivery.Body), documented), Is.True, delivery.BodyText);
        Assert.That(delivery.BodyText, Is.EqualTo(documented.ToJsonString()), "compact, as JSON.stringify sends it");
        Assert.That(result.OutputText, Does.Not.Contain(Secret));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Trigger_WithData_SendsTheFileBytesUnchanged(CancellationToken cancellationToken)
    {
        await using var receiver = await WebhookReceiver.StartAsync(Secret);
        var file = Path.GetTempFileName();
        var bytes = Encoding.UTF8.GetBytes("{ \"orderRequestId\": \"r-1\",\n  \"status\": \"queued\", \"type\": \"single\", \"timestamp\": \"2026-01-01T00:00:00.000Z\" }\n");
        await File.WriteAllBytesAsync(file, bytes, cancellationToken);
        try
        {
            var result = await ToolProcess.RunAsync([.. TriggerArguments("order.queued", receiver.Url, Secret), "--data", file], null, cancellationToken);

            Assert.That(result.ExitCode, Is.Zero, result.Transcript);
            var delivery = receiver.Deliveries.Single();
            Assert.That(delivery.Body, Is.EqualTo(bytes), "not re-serialized");
            Assert.That(delivery.SignatureValid, Is.True);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Trigger_WhenTheEndpointRejectsTheSignature_PrintsItsAnswer_AndExitsOne(CancellationToken cancellationToken)
    {
        await using var receiver = await WebhookReceiver.StartAsync("the-secret-the-app-has");

        var result = await ToolProcess.RunAsync([.. TriggerArguments("order.succeeded", receiver.Url, "another-secret")], null, cancellationToken);

        Assert.That(result.ExitCode, Is.EqualTo(1), result.Transcript);
        Assert.That(result.Output, Does.Contain("401 Unauthorized").And.Contain("{\"error\":\"bad signature\"}"));
        Assert.That(receiver.Deliveries.Single().SignatureValid, Is.False);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Trigger_WhenTheEndpointFails_ExitsOne(CancellationToken cancellationToken)
    {
        await using var receiver = await WebhookReceiver.StartAsync(Secret);
        receiver.AnswerStatus = 500;

        var result = await ToolProcess.RunAsync([.. TriggerArguments("wallet.updated", receiver.Url, Secret)], null, cancellationToken);

        Assert.That(result.ExitCode, Is.EqualTo(1), result.Transcript);
        Assert.That(result.Output, Does.Contain("500 Internal Server Error"));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Trigger_AnEventWithoutASample_WithoutData_IsAUsageError(CancellationToken cancellationToken)
    {
        var result = await ToolProcess.RunAsync([.. TriggerArguments("payment.succeeded", new Uri("http://127.0.0.1:9/"), Secret)], null, cancellationToken);

        Assert.That(result.ExitCode, Is.EqualTo(2), result.Transcript);
        Assert.That(result.ErrorText, Does.Contain("No sample payload for 'payment.succeeded'"));
    }

    private static string[] TriggerArguments(string eventName, Uri url, string secret) =>
        ["trigger", eventName, "--forward-to", url.ToString(), "--secret", secret];
}
