namespace UGiftMe;

/// <summary>
/// An order was not created: an asynchronous order request ended as <c>failed</c>, or a synchronous create was
/// refused for a reason that is about the order itself (see <see cref="InsufficientFundsException"/>).
/// </summary>
public class OrderFailedException : UGiftMeException
{
    /// <summary>Creates the exception.</summary>
    public OrderFailedException(string message, ErrorContext? context = null, Exception? innerException = null, string? orderRequestId = null, string? failureReason = null)
        : base(message, context, innerException)
    {
        OrderRequestId = orderRequestId;
        FailureReason = failureReason;
    }

    /// <summary>The order request that failed, for asynchronous orders; null for a synchronous refusal.</summary>
    public string? OrderRequestId { get; }

    /// <summary>UGiftMe's failure text, e.g. <c>Insufficient available balance. Required: 50, Available: 10 GBP</c>.</summary>
    public string? FailureReason { get; }
}
