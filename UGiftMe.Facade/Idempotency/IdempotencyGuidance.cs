namespace UGiftMe;

/// <summary>What the order-failure messages say about the key: one place, so every message states the same rule.</summary>
internal static class IdempotencyGuidance
{
    /// <summary>After a definitive failure: no order exists for the key, the key is spent, here is the next one.</summary>
    public static string AfterDefinitiveFailure(string? key) => key is null
        ? " No order was created."
        : $" No order exists for Idempotency-Key '{key}' and none will; resending that key only replays this failure. " +
          $"To order again, send Idempotency-Key '{IdempotencyKey.NextAttempt(key)}' (OrderCreateOptions.Attempt + 1, or IdempotencyKey.NextAttempt).";

    /// <summary>After a 400 for a reused key: an order may exist; say how to find it before ordering again.</summary>
    public static string AfterKeyReused(string? key) =>
        $" The Idempotency-Key '{key}' was already used with a different payload, so an order (or a queued request) may " +
        "already exist for it; nothing new was created now. Do not place this order again under a new key until you know: " +
        "resend the exact payload first sent with this key to get that order back, or look for it with client.Orders.SearchAllAsync. " +
        "Use a new key only for a genuinely different order.";
}
