namespace UGiftMe;

/// <summary>What a campaign run did, complete once its outcomes have all been read.</summary>
public sealed class CampaignSummary
{
    private readonly Dictionary<CampaignOutcomeKind, long> _byKind = [];
    private readonly Dictionary<string, decimal> _notPlacedForFunds = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Items with an outcome.</summary>
    public long Items { get; private set; }

    /// <summary>Items placed (earlier runs' included).</summary>
    public long Placed => Of(CampaignOutcomeKind.Placed);

    /// <summary>Items rejected.</summary>
    public long Rejected => Of(CampaignOutcomeKind.Rejected);

    /// <summary>Items not placed because the wallet could not cover them.</summary>
    public long Unfunded => Of(CampaignOutcomeKind.InsufficientFunds);

    /// <summary>Items whose queued request failed for another reason.</summary>
    public long Failed => Of(CampaignOutcomeKind.Failed);

    /// <summary>Items whose outcome is unknown (resent with the same key by the next run).</summary>
    public long Unknown => Of(CampaignOutcomeKind.Unknown);

    /// <summary>Items not sent because the campaign stopped.</summary>
    public long NotSent => Of(CampaignOutcomeKind.NotSent);

    /// <summary>Items whose outcome came from the journal of an earlier run, without a request.</summary>
    public long FromEarlierRuns { get; private set; }

    /// <summary>The value of the placed cards (summed over currencies), earlier runs' included.</summary>
    public decimal ValueSpent { get; private set; }

    /// <summary>The part of <see cref="ValueSpent"/> placed by earlier runs, read from the journal.</summary>
    public decimal ValueFromEarlierRuns { get; private set; }

    /// <summary>Order creates sent in this run (each bulk request counts once, its retries not at all).</summary>
    public long CreateRequests { get; internal set; }

    /// <summary>True when the run stopped sending for funds (a 402, or the funds check before sending).</summary>
    public bool StoppedForFunds { get; internal set; }

    /// <summary>
    /// How much more the wallet needs to finish the campaign, when the funds check or a 402 said so: after a 402, the
    /// value of the items this run refused for funds or did not send, less the balance the 402 reported.
    /// </summary>
    public decimal? Shortfall { get; internal set; }

    /// <summary>True when every item is placed or rejected: nothing is left for another run.</summary>
    public bool IsFinished => Items == Placed + Rejected;

    /// <summary>Counts one item's outcome.</summary>
    internal void Add(CampaignItemOutcome outcome)
    {
        Items++;
        _byKind[outcome.Kind] = Of(outcome.Kind) + 1;
        FromEarlierRuns += outcome.FromEarlierRun ? 1 : 0;
        var value = outcome.Kind == CampaignOutcomeKind.Placed ? outcome.Value : 0;
        ValueSpent += value;
        ValueFromEarlierRuns += outcome.FromEarlierRun ? value : 0;
        if (outcome.Kind is CampaignOutcomeKind.InsufficientFunds or CampaignOutcomeKind.NotSent && outcome.Currency is { } currency)
        {
            _notPlacedForFunds[currency] = ValueNotPlacedForFunds(currency) + outcome.Value;
        }
    }

    /// <summary>The value, in <paramref name="currency"/>, of the items refused for funds or not sent.</summary>
    internal decimal ValueNotPlacedForFunds(string currency) => _notPlacedForFunds.TryGetValue(currency, out var value) ? value : 0;

    private long Of(CampaignOutcomeKind kind) => _byKind.TryGetValue(kind, out var count) ? count : 0;

    /// <summary>A one-line description; what came from earlier runs is said apart.</summary>
    public override string ToString() =>
        FormattableString.Invariant($"{Items} items: {Placed} placed, {Rejected} rejected, {Unfunded} not funded, {Failed} failed, {Unknown} unknown, {NotSent} not sent; {ValueSpent} spent")
        + (FromEarlierRuns == 0 ? "" : FormattableString.Invariant($" ({FromEarlierRuns} items and {ValueFromEarlierRuns} of it from earlier runs)"));
}
