using System.Buffers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace UGiftMe;

/// <summary>
/// A delivery's <see cref="WebhookEvent.IdempotencyKey"/> as the 32 bytes of its SHA-256 digest, held in four words so
/// that a store keys by it without a 64-character string per delivery; written as the key's text only when asked.
/// </summary>
internal readonly record struct WebhookDeliveryKey(ulong First, ulong Second, ulong Third, ulong Fourth)
{
    private const int Size = 32;

    /// <summary>The key of a delivery: SHA-256 over the event name, a line feed and the body.</summary>
    public static WebhookDeliveryKey Of(string eventName, ReadOnlySpan<byte> body)
    {
        // The name, a line feed and the body, hashed in one call from one buffer (on the stack for a usual delivery).
        var length = Encoding.UTF8.GetByteCount(eventName) + 1 + body.Length;
        var rented = length > 1024 ? ArrayPool<byte>.Shared.Rent(length) : null;
        Span<byte> message = rented ?? stackalloc byte[1024];
        var written = Encoding.UTF8.GetBytes(eventName, message);
        message[written++] = (byte)'\n';
        body.CopyTo(message[written..]);
        var key = Hash(message[..length]);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        return key;
    }

    /// <summary>
    /// The key a store was given as text: the digest that lowercase hex text of 64 characters spells, as a delivery's
    /// key does; any other text is hashed after a byte that no UTF-8 text holds, so it never equals a delivery's digest.
    /// </summary>
    public static WebhookDeliveryKey Of(string idempotencyKey)
    {
        Span<byte> digest = stackalloc byte[Size];
        if (idempotencyKey.Length == Size * 2
            && Convert.FromHexString(idempotencyKey.AsSpan(), digest, out _, out _) == OperationStatus.Done
            && !idempotencyKey.Any(char.IsUpper))
        {
            return From(digest);
        }

        var text = new byte[1 + Encoding.UTF8.GetByteCount(idempotencyKey)];
        text[0] = 0xFF;
        Encoding.UTF8.GetBytes(idempotencyKey, text.AsSpan(1));
        return Hash(text);
    }

    /// <summary>The key as <see cref="WebhookEvent.IdempotencyKey"/> writes it: lowercase hex.</summary>
    /// <returns>64 hexadecimal characters.</returns>
    public override string ToString()
    {
        Span<ulong> words = [First, Second, Third, Fourth];
        return Convert.ToHexStringLower(MemoryMarshal.AsBytes(words));
    }

    private static WebhookDeliveryKey Hash(ReadOnlySpan<byte> message)
    {
        Span<byte> digest = stackalloc byte[Size];
        SHA256.HashData(message, digest);
        return From(digest);
    }

    private static WebhookDeliveryKey From(ReadOnlySpan<byte> digest) => new(
        MemoryMarshal.Read<ulong>(digest), MemoryMarshal.Read<ulong>(digest[8..]), MemoryMarshal.Read<ulong>(digest[16..]), MemoryMarshal.Read<ulong>(digest[24..]));
}
