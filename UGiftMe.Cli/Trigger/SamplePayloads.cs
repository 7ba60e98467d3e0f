using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace UGiftMe.Cli.Trigger;

/// <summary>
/// The documented example body of each event (embedded from UGiftMe.Tests/Fixtures/webhooks, the repository's one
/// copy), as the compact JSON UGiftMe's <c>JSON.stringify</c> sends.
/// </summary>
internal static class SamplePayloads
{
    public static IReadOnlyList<string> Events { get; } =
    [
        WebhookEventNames.WebhookTest, WebhookEventNames.OrderQueued, WebhookEventNames.OrderProcessing,
        WebhookEventNames.OrderSucceeded, WebhookEventNames.OrderFailed, WebhookEventNames.ProductUpdated,
        WebhookEventNames.WalletUpdated,
    ];

    private static readonly JsonSerializerOptions Compact = new()
    {
        WriteIndented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static byte[] For(string eventName)
    {
        using var stream = typeof(SamplePayloads).Assembly.GetManifestResourceStream($"webhooks/{eventName}.json")
            ?? throw new ArgumentException($"There is no sample payload for '{eventName}'.", nameof(eventName));
        var fixture = JsonNode.Parse(stream)!;
        var body = fixture["body"] ?? throw new InvalidOperationException($"The {eventName} sample has no body.");
        return Encoding.UTF8.GetBytes(body.ToJsonString(Compact));
    }
}
