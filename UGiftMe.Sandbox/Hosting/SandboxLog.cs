namespace UGiftMe.Sandbox.Hosting;

/// <summary>The local sandbox's own log messages.</summary>
internal static partial class SandboxLog
{
    [LoggerMessage(1, LogLevel.Error, "UGiftMe local sandbox: a background step failed; the sandbox keeps running.")]
    public static partial void BackgroundFailure(ILogger logger, Exception exception);

    [LoggerMessage(2, LogLevel.Error, "UGiftMe local sandbox: order request {OrderRequestId} failed inside the sandbox and was marked failed.")]
    public static partial void OrderRequestCrashed(ILogger logger, Exception exception, string orderRequestId);
}
