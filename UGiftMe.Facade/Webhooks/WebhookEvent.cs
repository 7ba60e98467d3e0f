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
    private protected WebhookEvent(string eventName, bool isTest, string rawBody, string idempotencyKey)
    {
        EventName = eventName;
        IsTest = isTest;
        RawBody = rawBody;
        IdempotencyKey = idempotencyKey;
    }

    /// <summary>The event name from the <c>X-Webhook-Event</c> header, such as <c>order.succeeded</c>.</summary>
    public string EventName { get; }

    /// <summary>True for a manual test delivery (<c>X-Webhook-Delivery: test</c>).</summary>
    public bool IsTest { get; }

    /// <summary>The JSON body exactly as received.</summary>
    public string RawBody { get; }

    /// <summary>
    /// The same value for every retry of one delivery: lowercase hex SHA-256 over the event name, a line feed and the
    /// body. UGiftMe sends no delivery id, so use this to de-duplicate retries in your own store.
    /// </summary>
    public string IdempotencyKey { get; }

    /// <summary>Returns the event name and whether it is a test delivery.</summary>
    /// <returns>A short description without the body.</returns>
    public override string ToString() => IsTest ? $"{EventName} (test delivery)" : EventName;

    internal static string ComputeIdempotencyKey(string eventName, ReadOnlySpan<byte> body)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        // Event names are short; a header long enough to overflow the stack is encoded on the heap.
        Span<byte> name = eventName.Length <= 128 ? stackalloc byte[Encoding.UTF8.GetMaxByteCount(128)] : Encoding.UTF8.GetBytes(eventName);
        hash.AppendData(eventName.Length <= 128 ? name[..Encoding.UTF8.GetBytes(eventName, name)] : name);
        hash.AppendData("\n"u8);
        hash.AppendData(body);
        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return Convert.ToHexStringLower(digest);
    }
}
