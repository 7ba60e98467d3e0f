using System.Diagnostics;
using System.Reflection;

namespace UGiftMe;

/// <summary>
/// The names of the SDK's <see cref="System.Diagnostics.ActivitySource"/> and <see cref="System.Diagnostics.Metrics.Meter"/>
/// (both <see cref="Name"/>) and of its instruments. Subscribe with OpenTelemetry's <c>AddSource("UGiftMe")</c> /
/// <c>AddMeter("UGiftMe")</c>. Spans and measurements follow the OpenTelemetry semantic conventions for HTTP clients
/// (span name <c>GET /orders/{orderId}</c>, <c>url.full</c>, <c>server.address</c>, <c>http.request.resend_count</c>,
/// ...); a client resolved from dependency injection takes its meter from the container's
/// <see cref="System.Diagnostics.Metrics.IMeterFactory"/>. Tags never carry the API key.
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

    /// <summary>
    /// Histogram of whole-call durations in seconds, retries and their waits included (<c>http.client.request.duration</c>
    /// of the semantic conventions), with bucket boundaries from 5 ms to 100 s.
    /// </summary>
    public const string DurationInstrument = "http.client.request.duration";

    internal static readonly string Version =
        typeof(UGiftMeTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    internal static readonly ActivitySource ActivitySource = new(Name, Version);
}
