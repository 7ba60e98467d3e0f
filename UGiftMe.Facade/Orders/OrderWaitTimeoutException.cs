
namespace UGiftMe;

/// <summary>
/// An asynchronous order did not finish within <see cref="OrderPollingOptions.Timeout"/>. It was not cancelled and
/// may still succeed: resume it with <see cref="OrdersClient.Resume"/> and <see cref="OrderRequestId"/>.
/// </summary>
public class OrderWaitTimeoutException : UGiftMeException
{
    /// <summary>Creates the exception.</summary>
    public OrderWaitTimeoutException(string message, string orderRequestId, string? lastStatus, ErrorContext? context = null, Exception? innerException = null)
        : base(message, context, innerException)
    {
        OrderRequestId = orderRequestId;
        LastStatus = lastStatus;
    }

    /// <summary>The order request still running.</summary>
    public string OrderRequestId { get; }

    /// <summary>The last status seen, e.g. <c>processing</c>.</summary>
    public string? LastStatus { get; }
}
