namespace UGiftMe;

/// <summary>Raised inside the pipeline when an attempt or the whole call ran out of time (not the caller's cancel).</summary>
internal sealed class PipelineTimeoutException(string setting, TimeSpan limit, Exception? inner = null)
    : TimeoutException($"no response within {setting} ({limit})", inner)
{
    public string Setting { get; } = setting;

    public TimeSpan Limit { get; } = limit;
}
