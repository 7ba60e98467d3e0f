namespace UGiftMe;

/// <summary>Where a running campaign is, reported through <see cref="CampaignOptions.Progress"/> after every answer.</summary>
public sealed class CampaignProgress
{
    /// <summary>Items with an outcome so far, earlier runs' included.</summary>
    public long ItemsDone { get; init; }

    /// <summary>All items, when the input's size is known (a collection); null for a stream.</summary>
    public long? ItemCount { get; init; }

    /// <summary>Cards placed so far, earlier runs' included.</summary>
    public long CardsPlaced { get; init; }

    /// <summary>The value of the cards placed so far (summed over currencies).</summary>
    public decimal ValueSpent { get; init; }

    /// <summary>
    /// Items per minute of this run, counting only the items this run sent requests for: items read from the journal of
    /// an earlier run, refused before sending or finished by an earlier run of the same <see cref="Campaign"/> do not count.
    /// </summary>
    public double ItemsPerMinute { get; init; }

    /// <summary>
    /// The time this run's items still without an outcome take at <see cref="ItemsPerMinute"/>, when
    /// <see cref="ItemCount"/> is known and the run has sent something.
    /// </summary>
    public TimeSpan? EstimatedRemaining { get; init; }

    /// <summary>Answers of this client that were 429 since the campaign began.</summary>
    public int RateLimitedResponses { get; init; }

    /// <summary>Requests this client sent since the campaign began (creates, polls and any other call).</summary>
    public long Requests { get; init; }
}
