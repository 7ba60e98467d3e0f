using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace UGiftMe;

/// <summary>What every handler of one client shares: its settings, clock, logger, instruments and last-seen rate limit.</summary>
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

    public UGiftMeClientOptions Options { get; }

    public TimeProvider TimeProvider { get; }

    public ILogger Logger { get; }

    public SecretRedactor Redactor { get; }

    public UGiftMeMetrics Metrics { get; }

    /// <summary>The request budget every call of the client shares once a campaign switched it on.</summary>
    public RequestPacer Pacer { get; }

    public RateLimitInfo? LastRateLimit => Volatile.Read(ref _lastRateLimit);

    public void Observe(RateLimitInfo rateLimit) => Volatile.Write(ref _lastRateLimit, rateLimit);
}
