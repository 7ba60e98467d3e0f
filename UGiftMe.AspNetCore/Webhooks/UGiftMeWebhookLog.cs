using Microsoft.Extensions.Logging;

namespace UGiftMe.AspNetCore;

/// <summary>The receiver's log messages. None carries a secret, a signature or a body.</summary>
internal static partial class UGiftMeWebhookLog
{
    [LoggerMessage(1, LogLevel.Debug, "UGiftMe webhook {EventName} handled (test delivery: {IsTest}).")]
    public static partial void Handled(ILogger logger, string eventName, bool isTest);

    [LoggerMessage(2, LogLevel.Warning, "UGiftMe webhook delivery rejected with {StatusCode}: {Reason}.")]
    public static partial void Rejected(ILogger logger, int statusCode, UGiftMe.WebhookVerificationFailure reason);

    [LoggerMessage(3, LogLevel.Warning, "UGiftMe webhook delivery rejected with 413: the body exceeds {MaxBodySize} bytes.")]
    public static partial void BodyTooLarge(ILogger logger, long maxBodySize);

    [LoggerMessage(4, LogLevel.Information, "UGiftMe webhook {EventName} {IdempotencyKey} was already handled; acknowledged without calling the handler.")]
    public static partial void Duplicate(ILogger logger, string eventName, string idempotencyKey);

    [LoggerMessage(5, LogLevel.Information, "UGiftMe webhook {EventName} {IdempotencyKey} is still being handled by an earlier attempt; answered 409 so UGiftMe retries later.")]
    public static partial void InProgress(ILogger logger, string eventName, string idempotencyKey);

    [LoggerMessage(6, LogLevel.Error, "UGiftMe webhook handler failed for {EventName} {IdempotencyKey}; answered 500 so UGiftMe retries the delivery.")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string eventName, string idempotencyKey);

    [LoggerMessage(7, LogLevel.Warning, "UGiftMe webhook handler for {EventName} took {ElapsedMilliseconds} ms; UGiftMe gives up after 5 s and retries, so queue long work and return quickly.")]
    public static partial void SlowHandler(ILogger logger, string eventName, long elapsedMilliseconds);

    [LoggerMessage(8, LogLevel.Information, "UGiftMe webhook request aborted by the sender before it was handled.")]
    public static partial void Aborted(ILogger logger);

    [LoggerMessage(9, LogLevel.Information, "UGiftMe webhook request body could not be read ({StatusCode}): {Problem}")]
    public static partial void BodyUnreadable(ILogger logger, int statusCode, string problem);

    [LoggerMessage(10, LogLevel.Warning, "UGiftMe webhook delivery rejected with 401: no secret is configured yet (UGiftMeWebhookOptions.Secrets or UGiftMeWebhookSecrets.Add).")]
    public static partial void NoSecret(ILogger logger);

    [LoggerMessage(11, LogLevel.Error, "UGiftMe webhook {EventName} {IdempotencyKey}: the de-duplication store failed; answered 503 so UGiftMe retries instead of risking a second dispatch.")]
    public static partial void StoreUnavailable(ILogger logger, Exception exception, string eventName, string idempotencyKey);

    [LoggerMessage(12, LogLevel.Error, "UGiftMe webhook {EventName} {IdempotencyKey}: the de-duplication store could not record the outcome; the claim expires by itself.")]
    public static partial void StoreUpdateFailed(ILogger logger, Exception exception, string eventName, string idempotencyKey);

    [LoggerMessage(13, LogLevel.Warning, "UGiftMe webhook {EventName} {IdempotencyKey}: this attempt no longer holds its claim (it expired, or another attempt took the delivery over), so it records nothing; the attempt holding the claim decides the outcome.")]
    public static partial void ClaimLost(ILogger logger, string eventName, string idempotencyKey);

    [LoggerMessage(14, LogLevel.Warning, "UGiftMe webhook {EventName} {IdempotencyKey}: the claim could not be renewed; retrying at the next renewal. If the store stays unreachable past the claim timeout, a retry may be handled while this handler still runs.")]
    public static partial void ClaimRenewalFailed(ILogger logger, Exception exception, string eventName, string idempotencyKey);

    [LoggerMessage(15, LogLevel.Warning, "UGiftMe webhook handler for {EventName} {IdempotencyKey} has run longer than the claim timeout ({ClaimTimeout}); its claim is renewed, so retries get 409 until it ends. Queue long work and return quickly.")]
    public static partial void HandlerOutlastsClaimTimeout(ILogger logger, string eventName, string idempotencyKey, TimeSpan claimTimeout);
}
