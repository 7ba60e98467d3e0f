using Microsoft.Extensions.Logging;

namespace UGiftMe;

internal static partial class Log
{
    /// <summary>What the lines say for a call sent without an Idempotency-Key (every call but a create).</summary>
    public const string NoKey = "none";

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug,
        Message = "UGiftMe {Method} {Path} -> {StatusCode} in {ElapsedMilliseconds:0} ms (attempt {Attempt}, idempotency key {IdempotencyKey})")]
    public static partial void AttemptCompleted(ILogger logger, string method, string path, int statusCode, double elapsedMilliseconds, int attempt, string? idempotencyKey);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug,
        Message = "UGiftMe {Method} {Path} failed after {ElapsedMilliseconds:0} ms with {ErrorType} (attempt {Attempt}, idempotency key {IdempotencyKey})")]
    public static partial void AttemptFailed(ILogger logger, string method, string path, double elapsedMilliseconds, string errorType, int attempt, string? idempotencyKey);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning,
        Message = "Retrying UGiftMe {Method} {Path} in {DelayMilliseconds:0} ms after {Outcome} (retry {Retry} of {MaxRetries}, idempotency key {IdempotencyKey})")]
    public static partial void Retrying(ILogger logger, string method, string path, double delayMilliseconds, string outcome, int retry, int maxRetries, string? idempotencyKey);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning,
        Message = "UGiftMe rate limit reached on {Method} {Path}: server asked to wait {RetryAfter}, {Remaining} requests remaining")]
    public static partial void RateLimited(ILogger logger, string method, string path, TimeSpan? retryAfter, int? remaining);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning,
        Message = "Not retrying UGiftMe {Method} {Path}: the server asked to wait {RequestedWait}, longer than the allowed {AllowedWait}")]
    public static partial void WaitRefused(ILogger logger, string method, string path, TimeSpan requestedWait, TimeSpan allowedWait);
}
