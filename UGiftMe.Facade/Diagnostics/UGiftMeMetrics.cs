using System.Diagnostics.Metrics;

namespace UGiftMe;

/// <summary>
/// The meter and instruments one client records to: from the container's <see cref="IMeterFactory"/> when the client
/// comes from dependency injection, else <see cref="Shared"/>, a static meter of the same name.
/// </summary>
internal sealed class UGiftMeMetrics
{
    /// <summary>
    /// From 5 ms to 100 s (the default <see cref="UGiftMeClientOptions.TotalTimeout"/>): the conventions' HTTP client
    /// boundaries, plus a few for calls that waited out retries. The OpenTelemetry SDK's own defaults (0, 5, 10, ... s)
    /// would put nearly every API call in the first bucket.
    /// </summary>
    internal static readonly double[] DurationBucketBoundaries =
        [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 20, 30, 60, 100];

    public static readonly UGiftMeMetrics Shared = new(new Meter(UGiftMeTelemetry.Name, UGiftMeTelemetry.Version));

    private UGiftMeMetrics(Meter meter)
    {
        Meter = meter;
        Attempts = meter.CreateCounter<long>(UGiftMeTelemetry.AttemptsInstrument, "{attempt}", "HTTP attempts sent to UGiftMe.");
        Retries = meter.CreateCounter<long>(UGiftMeTelemetry.RetriesInstrument, "{retry}", "Attempts retried after a transient failure.");
        RateLimited = meter.CreateCounter<long>(UGiftMeTelemetry.RateLimitedInstrument, "{response}", "429 responses received.");
        Duration = meter.CreateHistogram(UGiftMeTelemetry.DurationInstrument, "s", "Duration of calls to UGiftMe, retries included.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBucketBoundaries });
    }

    public readonly Meter Meter;

    public readonly Counter<long> Attempts;

    public readonly Counter<long> Retries;

    public readonly Counter<long> RateLimited;

    public readonly Histogram<double> Duration;

    /// <summary>The instruments of <paramref name="meterFactory"/>'s meter, or <see cref="Shared"/> without a factory.</summary>
    public static UGiftMeMetrics From(IMeterFactory? meterFactory) =>
        meterFactory is null ? Shared : new(meterFactory.Create(new MeterOptions(UGiftMeTelemetry.Name) { Version = UGiftMeTelemetry.Version }));
}
