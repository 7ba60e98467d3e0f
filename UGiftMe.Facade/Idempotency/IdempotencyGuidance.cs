namespace UGiftMe;

/// <summary>What the order-failure messages say about the key: one place, so every message states the same rule.</summary>
internal static class IdempotencyGuidance
{
    private const string NextAttemptHow = "OrderCreateOptions.Attempt + 1, or IdempotencyKey.NextAttempt(e.IdempotencyKey)";

    /// <summary>A queued order request failed: UGiftMe stored the key with that failure, so the key is spent.</summary>
    public static string AfterFailedRequest(string? key) => key is null
        ? " No order was created."
        : $" No order exists for Idempotency-Key '{key}' and none will: the key is spent, and resending it only replays this failure. " +
          $"To order again, send Idempotency-Key '{IdempotencyKey.NextAttempt(key)}' ({NextAttemptHow}).";

    /// <summary>A create was refused at once (402): nothing was made, whatever UGiftMe does with the key later.</summary>
    public static string AfterRefusal(string? key) => key is null
        ? " No order was created."
        : $" No order was created for Idempotency-Key '{key}'. To order again, send Idempotency-Key '{IdempotencyKey.NextAttempt(key)}' " +
          $"({NextAttemptHow}): that is safe on every account, while resending '{key}' may only replay this failure.";

    /// <summary>After a 400 for a reused key: an order may exist; say how to find it before ordering again.</summary>
    public static string AfterKeyReused(string? key) =>
        $" The Idempotency-Key '{key}' was already used with a different payload, so an order (or a queued request) may " +
        "already exist for it; nothing new was created now. Do not place this order again under a new key until you know: " +
        "resend the exact payload first sent with this key to get that order back, or look for it in client.Orders.ListAllAsync " +
        "or SearchAllAsync. Use a new key only for a genuinely different order.";
}
