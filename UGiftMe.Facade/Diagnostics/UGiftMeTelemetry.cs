using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;

namespace UGiftMe;

/// <summary>
/// The SDK's <see cref="System.Diagnostics.ActivitySource"/> and <see cref="System.Diagnostics.Metrics.Meter"/>, both
/// named <see cref="Name"/>. Subscribe with OpenTelemetry's <c>AddSource("UGiftMe")</c> / <c>AddMeter("UGiftMe")</c>.
/// Tags never carry the API key.
/// </summary>
public static class UGiftMeTelemetry
{
    /// <summary>The name of the activity source and of the meter.</summary>
    public const string Name = "UGiftMe";

    /// <summary>Counter of HTTP attempts, tagged with method and status code (or error type).</summary>
    public const string AttemptsInstrument = "ugiftme.client.attempts";

    /// <summary>Counter of retries, tagged with method and the reason retried.</summary>
    public const string RetriesInstrument = "ugiftme.client.retries";

    /// <summary>Counter of 429 responses.</summary>
    public const string RateLimitedInstrument = "ugiftme.client.rate_limited";

    /// <summary>Histogram of whole-call durations in seconds, retries included.</summary>
    public const string DurationInstrument = "ugiftme.client.request.duration";

    internal static readonly string Version =
        typeof(UGiftMeTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    internal static readonly ActivitySource ActivitySource = new(Name, Version);

    internal static readonly Meter Meter = new(Name, Version);

    internal static readonly Counter<long> Attempts = Meter.CreateCounter<long>(AttemptsInstrument, "{attempt}", "HTTP attempts sent to UGiftMe.");

    internal static readonly Counter<long> Retries = Meter.CreateCounter<long>(RetriesInstrument, "{retry}", "Attempts retried after a transient failure.");

    internal static readonly Counter<long> RateLimited = Meter.CreateCounter<long>(RateLimitedInstrument, "{response}", "429 responses received.");

    internal static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(DurationInstrument, "s", "Duration of whole calls, retries included.");
}
