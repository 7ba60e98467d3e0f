namespace UGiftMe.Cli.Tests.TestSupport;

/// <summary>One POST the <see cref="WebhookReceiver"/> got.</summary>
internal sealed record ReceivedDelivery(
    string Event, string Signature, string DeliveryHeader, string? ContentType, byte[] Body, bool SignatureValid)
{
    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);
}
