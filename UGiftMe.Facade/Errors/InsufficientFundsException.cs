namespace UGiftMe;

/// <summary>
/// The wallet (after holds) cannot pay for the order or bulk total. Thrown both for a synchronous 402 and for an
/// asynchronous order request that failed for lack of funds, so one <c>catch</c> covers both;
/// <see cref="OrderFailedException.OrderRequestId"/> tells them apart. No order exists for the key and none will:
/// after topping up, order again with <see cref="IdempotencyKey.NextAttempt"/> of
/// <see cref="UGiftMeException.IdempotencyKey"/> (or <c>OrderCreateOptions.Attempt + 1</c>), because on an account with
/// asynchronous orders resending the same key replays the failed request.
/// </summary>
public class InsufficientFundsException : OrderFailedException
{
    /// <summary>Creates the exception.</summary>
    public InsufficientFundsException(
        string message,
        ErrorContext? context = null,
        Exception? innerException = null,
        string? orderRequestId = null,
        string? failureReason = null,
        decimal? required = null,
        decimal? available = null,
        string? currency = null)
        : base(message, context, innerException, orderRequestId, failureReason)
    {
        Required = required;
        Available = available;
        Currency = currency;
    }

    /// <summary>What the order or bulk total needs, when reported.</summary>
    public decimal? Required { get; }

    /// <summary>What the wallet has available after holds, when reported.</summary>
    public decimal? Available { get; }

    /// <summary>The currency of <see cref="Required"/> and <see cref="Available"/>, when reported.</summary>
    public string? Currency { get; }

    /// <summary>How much more the wallet needs, when both amounts are known.</summary>
    public decimal? Shortfall => Required is { } required && Available is { } available ? required - available : null;
}
