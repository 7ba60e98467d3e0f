using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Converters;

namespace UGiftMe.Testing;

/// <summary>
/// Signs webhook bodies the way UGiftMe does, so your tests can build deliveries your receiver accepts (and, by
/// changing a byte, deliveries it must reject).
/// </summary>
/// <example>
/// <code>
/// var signer = new WebhookSigner("test-secret");
/// var delivery = signer.CreateDelivery(WebhookEventNames.OrderSucceeded, new { orderRequestId = "r1", status = "succeeded" });
/// using var request = delivery.ToHttpRequestMessage(new Uri("http://localhost/webhooks/ugiftme"));
/// </code>
/// </example>
public sealed class WebhookSigner
{
    private static readonly JsonSerializerSettings JsonStringifySettings = new()
    {
        Formatting = Formatting.None,
        NullValueHandling = NullValueHandling.Ignore,
        Converters =
        {
            new IsoDateTimeConverter
            {
                DateTimeFormat = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fff'Z'",
                DateTimeStyles = DateTimeStyles.AdjustToUniversal,
                Culture = CultureInfo.InvariantCulture,
            },
        },
    };

    private readonly byte[] _key;

    /// <summary>Creates a signer for one webhook secret.</summary>
    /// <param name="secret">The webhook secret; use a made-up one in tests.</param>
    /// <exception cref="ArgumentException">The secret is empty or whitespace.</exception>
    public WebhookSigner(string secret)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(secret);
        _key = Encoding.UTF8.GetBytes(secret);
    }

    /// <summary>Computes the <c>X-Webhook-Signature</c> value for a body: lowercase hex HMAC-SHA256.</summary>
    /// <param name="body">The exact body bytes.</param>
    /// <returns>64 lowercase hexadecimal characters.</returns>
    public string ComputeSignature(ReadOnlySpan<byte> body)
    {
        Span<byte> digest = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, body, digest);
        return Convert.ToHexStringLower(digest);
    }

    /// <summary>Computes the <c>X-Webhook-Signature</c> value for a body given as text (encoded as UTF-8).</summary>
    /// <param name="body">The exact body text.</param>
    /// <returns>64 lowercase hexadecimal characters.</returns>
    public string ComputeSignature(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return ComputeSignature(Encoding.UTF8.GetBytes(body));
    }

    /// <summary>
    /// Builds a signed delivery for a payload object, serialized as compact JSON the way UGiftMe's
    /// <c>JSON.stringify</c> does (no whitespace, nulls omitted, dates as <c>2025-04-11T08:00:00.000Z</c>).
    /// </summary>
    /// <param name="eventName">The event name, such as <see cref="WebhookEventNames.OrderSucceeded"/>.</param>
    /// <param name="payload">A generated payload model, an anonymous object or a <c>JToken</c>.</param>
    /// <param name="isTest">Whether to add <c>X-Webhook-Delivery: test</c>.</param>
    /// <returns>The body bytes and headers of the delivery.</returns>
    [RequiresUnreferencedCode(TestingTrimmingMessages.UnreferencedCode)]
    [RequiresDynamicCode(TestingTrimmingMessages.DynamicCode)]
    public SignedWebhookDelivery CreateDelivery(string eventName, object payload, bool isTest = false)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var body = Encoding.UTF8.GetBytes(JsonConvert.SerializeObject(payload, JsonStringifySettings));
        return CreateDelivery(eventName, body, isTest);
    }

    /// <summary>Builds a signed delivery for body bytes you already have.</summary>
    /// <param name="eventName">The event name, such as <see cref="WebhookEventNames.OrderSucceeded"/>.</param>
    /// <param name="body">The exact body bytes.</param>
    /// <param name="isTest">Whether to add <c>X-Webhook-Delivery: test</c>.</param>
    /// <returns>The body bytes and headers of the delivery.</returns>
    public SignedWebhookDelivery CreateDelivery(string eventName, byte[] body, bool isTest = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        ArgumentNullException.ThrowIfNull(body);
        return new SignedWebhookDelivery(eventName, (byte[])body.Clone(), ComputeSignature(body), isTest);
    }

    /// <summary>Describes the signer without revealing the secret.</summary>
    /// <returns>The type name.</returns>
    public override string ToString() => nameof(WebhookSigner);
}
