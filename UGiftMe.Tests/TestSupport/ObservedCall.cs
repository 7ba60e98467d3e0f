using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace UGiftMe.Tests.TestSupport;

/// <summary>Captures everything a call emits: log records (Debug and up), activities of source "UGiftMe" and the SDK's metrics.</summary>
internal sealed class ObservedCall : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly List<Activity> _activities = [];

    public ObservedCall()
    {
        Logs = new FakeLogCollector();
        LoggerFactory = Microsoft.Extensions.Logging.LoggerFactory.Create(builder => builder
            .SetMinimumLevel(LogLevel.Debug)
            .AddProvider(new FakeLoggerProvider(Logs)));
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == UGiftMeTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (_activities)
                {
                    _activities.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
        Attempts = new MetricCollector<long>(UGiftMeMetrics.Shared.Meter, UGiftMeTelemetry.AttemptsInstrument);
        Retries = new MetricCollector<long>(UGiftMeMetrics.Shared.Meter, UGiftMeTelemetry.RetriesInstrument);
        RateLimited = new MetricCollector<long>(UGiftMeMetrics.Shared.Meter, UGiftMeTelemetry.RateLimitedInstrument);
        Duration = new MetricCollector<double>(UGiftMeMetrics.Shared.Meter, UGiftMeTelemetry.DurationInstrument);
    }

    public FakeLogCollector Logs { get; }

    public ILoggerFactory LoggerFactory { get; }

    public MetricCollector<long> Attempts { get; }

    public MetricCollector<long> Retries { get; }

    public MetricCollector<long> RateLimited { get; }

    public MetricCollector<double> Duration { get; }

    public IReadOnlyList<Activity> Activities
    {
        get
        {
            lock (_activities)
            {
                return [.. _activities];
            }
        }
    }

    /// <summary>Every piece of text the call left behind in logs, traces and metrics.</summary>
    public IEnumerable<string> AllText()
    {
        foreach (var record in Logs.GetSnapshot())
        {
            yield return record.Message;
            yield return record.ToString();
            foreach (var (name, value) in record.StructuredState ?? [])
            {
                yield return $"{name}={value}";
            }

            if (record.Exception is not null)
            {
                yield return record.Exception.ToString();
            }
        }

        foreach (var activity in Activities)
        {
            yield return activity.DisplayName;
            yield return activity.StatusDescription ?? "";
            foreach (var (name, value) in activity.TagObjects)
            {
                yield return $"{name}={value}";
            }
        }

        foreach (var measurement in Attempts.GetMeasurementSnapshot().Cast<object>()
            .Concat(Retries.GetMeasurementSnapshot()).Concat(RateLimited.GetMeasurementSnapshot()).Concat(Duration.GetMeasurementSnapshot()))
        {
            var tags = measurement switch
            {
                CollectedMeasurement<long> l => l.Tags,
                CollectedMeasurement<double> d => d.Tags,
                _ => throw new InvalidOperationException(),
            };
            foreach (var (name, value) in tags)
            {
                yield return $"{name}={value}";
            }
        }
    }

    public void Dispose()
    {
        _listener.Dispose();
        Attempts.Dispose();
        Retries.Dispose();
        RateLimited.Dispose();
        Duration.Dispose();
        LoggerFactory.Dispose();
    }
}
