using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace UGiftMe;

/// <summary>
/// What every handler of one client shares: its settings, clock, logger, instruments and last-seen rate limit (fields,
/// which a first call need not JIT-compile as it would property getters).
/// </summary>
internal sealed class ClientState
{
    private RateLimitInfo? _lastRateLimit;

    public ClientState(UGiftMeClientOptions options, UGiftMeMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.EnsureValid();
        Options = options.Clone();
        TimeProvider = options.TimeProvider ?? TimeProvider.System;
        Logger = (ILogger?)options.LoggerFactory?.CreateLogger("UGiftMe.Http") ?? NullLogger.Instance;
        Redactor = new SecretRedactor(options.ApiKey);
        Metrics = metrics ?? UGiftMeMetrics.Shared;
        Pacer = new RequestPacer(TimeProvider);
    }

    public readonly UGiftMeClientOptions Options;

    public readonly TimeProvider TimeProvider;

    public readonly ILogger Logger;

    public readonly SecretRedactor Redactor;

    public readonly UGiftMeMetrics Metrics;

    /// <summary>The request budget every call of the client shares once a campaign switched it on.</summary>
    public readonly RequestPacer Pacer;

    public RateLimitInfo? LastRateLimit => Volatile.Read(ref _lastRateLimit);

    public void Observe(RateLimitInfo rateLimit) => Volatile.Write(ref _lastRateLimit, rateLimit);
}
