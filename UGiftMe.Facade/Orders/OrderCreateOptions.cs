using System.Diagnostics;

namespace UGiftMe;

/// <summary>Per-call settings of an order create.</summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class OrderCreateOptions
{
    // openapi/ugiftme-business.yaml, parameter IdempotencyKey: maxLength 255, pattern ^[!-~]+$ (checked against the
    // spec by UGiftMe.ApiSurface.Tests' SpecConstantsTests).
    private const int MaxIdempotencyKeyLength = 255;

    /// <summary>
    /// The <c>Idempotency-Key</c> to send: printable ASCII without spaces, 1 to 255 characters. When neither this nor
    /// <see cref="BusinessReference"/> is set the SDK makes a random key; every retry of the call reuses it either way.
    /// </summary>
    public string? IdempotencyKey { get; set; }

    /// <summary>
    /// Your own unique reference for this order (e.g. a purchase-order number). The key is derived from it with
    /// <see cref="UGiftMe.IdempotencyKey.FromReference(string, int, string?)"/>, so a restarted process that resends the same order gets
    /// the original back instead of a second gift card.
    /// </summary>
    public string? BusinessReference { get; set; }

    /// <summary>
    /// Which attempt at ordering <see cref="BusinessReference"/> this is; default 1. A key is spent once UGiftMe
    /// accepted a create with it, even if the order then failed, so resending attempt 1 after a failure only replays
    /// the failure. After an <see cref="OrderFailedException"/> (or <see cref="InsufficientFundsException"/>)
    /// raise it by one, and store the attempt with the reference before sending. (On an account with asynchronous
    /// orders a process that lost it may walk up from 1: each failed attempt replays its failure, and the first that
    /// did not fail replays its order. Not after a 402 answered at once: that refusal is not stored under the key.)
    /// Only with <see cref="BusinessReference"/>.
    /// </summary>
    public int Attempt { get; set; } = 1;

    /// <summary>How to follow the order if UGiftMe queues it; the client's <see cref="UGiftMeClientOptions.OrderPolling"/> when null.</summary>
    public OrderPollingOptions? Polling { get; set; }

    /// <summary>A description for logs and debuggers.</summary>
    public override string ToString() => new OptionsDescription(this).Add(IdempotencyKey).Add(BusinessReference).Add(Attempt).Add(Polling).ToString();

    internal string? ResolveKey()
    {
        if (IdempotencyKey is not null && BusinessReference is not null)
        {
            throw new ArgumentException("Set OrderCreateOptions.IdempotencyKey or OrderCreateOptions.BusinessReference, not both.", "options");
        }

        if (IdempotencyKey is { } key && (key.Length == 0 || key.AsSpan().ContainsAnyExceptInRange('!', '~')))
        {
            throw new ArgumentException("OrderCreateOptions.IdempotencyKey must be non-empty printable ASCII without spaces.", "options");
        }

        if (IdempotencyKey is { Length: > MaxIdempotencyKeyLength } longKey)
        {
            throw new ArgumentException(
                $"OrderCreateOptions.IdempotencyKey must be at most {MaxIdempotencyKeyLength} characters (the API description's limit), not {longKey.Length}.", "options");
        }

        if (Attempt is < 1 or > 1000)
        {
            throw new ArgumentException($"OrderCreateOptions.Attempt must be between 1 and 1000, not {Attempt}.", "options");
        }

        if (Attempt != 1 && BusinessReference is null)
        {
            throw new ArgumentException(
                "OrderCreateOptions.Attempt needs a BusinessReference; with your own IdempotencyKey, use UGiftMe.IdempotencyKey.NextAttempt(key).", "options");
        }

        return IdempotencyKey ?? (BusinessReference is { } reference ? UGiftMe.IdempotencyKey.FromReference(reference, Attempt) : null);
    }
}
