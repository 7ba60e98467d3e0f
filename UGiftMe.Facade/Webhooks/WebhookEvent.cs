using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace UGiftMe;

/// <summary>
/// A verified webhook delivery. The concrete type follows the <c>X-Webhook-Event</c> header: a
/// <see cref="WebhookEvent{TPayload}"/> of the event's generated payload model, for example
/// <c>WebhookEvent&lt;OrderSucceededEvent&gt;</c> for <c>order.succeeded</c>, and <c>WebhookEvent&lt;JToken&gt;</c> for
/// event names this SDK has no model for (including <c>payment.*</c>).
/// </summary>
public abstract class WebhookEvent
{
    // The body as received: its text and its key are made from it when first read.
    private readonly byte[] _body;
    private string? _rawBody;
    private string? _idempotencyKey;

    private protected WebhookEvent(string eventName, bool isTest, byte[] body)
    {
        EventName = eventName;
        IsTest = isTest;
        _body = body;
    }

    /// <summary>The event name from the <c>X-Webhook-Event</c> header, such as <c>order.succeeded</c>.</summary>
    public string EventName { get; }

    /// <summary>True for a manual test delivery (<c>X-Webhook-Delivery: test</c>).</summary>
    public bool IsTest { get; }

    /// <summary>The JSON body exactly as received.</summary>
    public string RawBody => _rawBody ??= Encoding.UTF8.GetString(_body);

    /// <summary>
    /// The same value for every retry of one delivery: lowercase hex SHA-256 over the event name, a line feed and the
    /// body. UGiftMe sends no delivery id, so use this to de-duplicate retries in your own store.
    /// </summary>
    public string IdempotencyKey => _idempotencyKey ??= ComputeIdempotencyKey(EventName, _body);

    /// <summary>Returns the event name and whether it is a test delivery.</summary>
    /// <returns>A short description without the body.</returns>
    public override string ToString() => IsTest ? $"{EventName} (test delivery)" : EventName;

    private static string ComputeIdempotencyKey(string eventName, ReadOnlySpan<byte> body)
    {
        // The name, a line feed and the body, hashed in one call from one buffer (on the stack for a usual delivery).
        var length = Encoding.UTF8.GetByteCount(eventName) + 1 + body.Length;
        var rented = length > 1024 ? ArrayPool<byte>.Shared.Rent(length) : null;
        Span<byte> message = rented ?? stackalloc byte[1024];
        var written = Encoding.UTF8.GetBytes(eventName, message);
        message[written++] = (byte)'\n';
        body.CopyTo(message[written..]);
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(message[..length], digest);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        return Convert.ToHexStringLower(digest);
    }
}
