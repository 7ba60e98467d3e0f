using System.Text;

namespace UGiftMe.Testing;

/// <summary>
/// A webhook delivery built by <see cref="WebhookSigner"/>: the body bytes and the headers UGiftMe would send.
/// </summary>
public sealed class SignedWebhookDelivery
{
    private readonly byte[] _body;

    internal SignedWebhookDelivery(string eventName, byte[] body, string signature, bool isTest)
    {
        EventName = eventName;
        _body = body;
        Signature = signature;
        IsTest = isTest;
    }

    /// <summary>The <c>X-Webhook-Event</c> value.</summary>
    public string EventName { get; }

    /// <summary>The <c>X-Webhook-Signature</c> value.</summary>
    public string Signature { get; }

    /// <summary>Whether the delivery carries <c>X-Webhook-Delivery: test</c>.</summary>
    public bool IsTest { get; }

    /// <summary>The body bytes that were signed.</summary>
    public ReadOnlyMemory<byte> Body => _body;

    /// <summary>The body as text.</summary>
    public string BodyText => Encoding.UTF8.GetString(_body);

    /// <summary>The headers of the delivery, including <c>Content-Type: application/json</c>.</summary>
    public IReadOnlyDictionary<string, string> Headers
    {
        get
        {
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["Content-Type"] = "application/json",
                [WebhookHeaders.EventHeaderName] = EventName,
                [WebhookHeaders.SignatureHeaderName] = Signature,
            };
            if (IsTest)
            {
                headers[WebhookHeaders.DeliveryHeaderName] = WebhookHeaders.TestDeliveryValue;
            }

            return headers;
        }
    }

    /// <summary>The headers as <see cref="WebhookHeaders"/>, ready for <see cref="WebhookVerifier"/>.</summary>
    /// <returns>The webhook headers of this delivery.</returns>
    public WebhookHeaders ToWebhookHeaders() =>
        new(EventName, Signature, IsTest ? WebhookHeaders.TestDeliveryValue : null);

    /// <summary>Builds the POST request UGiftMe would send, for tests against a running receiver.</summary>
    /// <param name="requestUri">The receiver URL.</param>
    /// <returns>A new request; the caller disposes it.</returns>
    public HttpRequestMessage ToHttpRequestMessage(Uri requestUri)
    {
        var content = new ByteArrayContent(_body);
        var request = new HttpRequestMessage(HttpMethod.Post, requestUri) { Content = content };
        foreach (var (name, value) in Headers)
        {
            // Content-Type is the one content header among them.
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return request;
    }

    /// <summary>Describes the delivery.</summary>
    /// <returns>The event name and body size.</returns>
    public override string ToString() => $"{EventName} ({_body.Length} bytes{(IsTest ? ", test" : "")})";
}
